/**
 * src/api: the station's client API. The console (ui/) and the CLI use the client half
 * (connectStation, createInProcessConnection, StationConnection, the protocol and view schemas);
 * the station runtime uses the server half (startApiServer and the StationBackend it implements).
 */
export { connectStation, type ConnectStationOptions } from './socket-client.js';
export { createInProcessConnection } from './in-process-connection.js';
export { StationClient, type OpenTransport, type StationClientOptions } from './station-client.js';
export { CONNECTION_STATES, StationRequestError, type ConnectionState, type StationConnection, type StationState } from './station-connection.js';
export { API_SOCKET_MODE, startApiServer, type ApiServer, type ApiServerOptions } from './socket-server.js';
export { MAX_WRITE_BUFFER_BYTES, PATCH_INTERVAL_MS, serveConnection, type ServeConnectionOptions, type ServedConnection } from './serve-connection.js';
export { CHANGED_PARTS, PRINTER_ACTIONS, type ChangedPart, type ChangedParts, type PrinterAction, type StationBackend, type Viewer } from './station-backend.js';
export { SOCKET_ROLES, type SocketRole } from './op-handlers.js';
export { renderJobPreview } from '../station/jobs/job-preview.js';
export { jobsPage } from '../station/jobs/jobs-page.js';
export * from './protocol.js';
export * from './views.js';
