/** The e-KTP card renderer: layout file → record + photo + signature → printer panels and a preview. */
export {
  CARD_PANELS,
  CARD_TEXT_FIELDS,
  CardLayoutError,
  IMAGE_FITS,
  TEXT_ALIGNMENTS,
  defaultCardLayout,
  loadCardLayout,
  parseCardLayout,
  type CardLayout,
  type CardLayoutElement,
  type CardLayoutFile,
  type CardLayoutIssue,
  type CardTextField,
  type ImageFit,
  type PhotoElement,
  type SignatureElement,
  type TextElement,
} from './card-layout.js';
export { CARD_FIELD_WORDS, CardDataError, cardFieldText, formatCardDate } from './card-fields.js';
export {
  CardFitError,
  measureFit,
  renderCard,
  type FitReport,
  type FittedElement,
  type RenderCardInput,
  type RenderedCard,
} from './card-renderer.js';
export {
  IMAGE_FORMATS,
  ImageDecodeError,
  MAX_IMAGE_PIXELS,
  decodeImage,
  decodeImageFile,
  sniffImageFormat,
  toGray,
  type DecodedImage,
  type GrayImage,
  type ImageFormat,
  type RgbImage,
} from './decode-image.js';
export { encodePng } from './preview-png.js';
export { FONT_WEIGHTS, TextRaster, type FontWeight } from './text-raster.js';
