/**
 * OSC 52: asks the terminal (also over SSH, and inside tmux with set-clipboard on) to put text on
 * the clipboard. Only ids are ever copied this way, never personal data.
 */
export function osc52(text: string): string {
  return `\u001B]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
}
