// fontkit ships no types; glyph-outlines.ts describes the little it uses.
declare module 'fontkit' {
  export function openSync(path: string): unknown
}
