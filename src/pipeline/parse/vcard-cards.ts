/**
 * Splits a vCard file (decoded text) into cards, streaming: one card's logical lines at a time,
 * with the physical line its BEGIN:VCARD is on, so every problem names a line as a CSV row does.
 * Memory stays within the line bound whatever the file holds: embedded photos and other binary
 * properties are skipped as they are read, and a card longer than the bound is refused, not kept.
 */
import type { CsvLimits } from '../../format/csv-limits.js';

export interface CardText {
  /** 1-based physical line of the card's BEGIN:VCARD. */
  line: number;
  /** The card's properties, unfolded (continuation lines joined), BEGIN and END left out. */
  properties: string[];
  /** Why the card cannot be read; its properties are then empty and `preview` holds its start. */
  problem?: 'too-long' | 'no-end';
  preview: string;
}

/** Properties whose values are images, sounds or keys: never imported, often hundreds of KB. */
const binaryProperty = /^(?:[\w-]+\.)?(?:PHOTO|LOGO|SOUND|KEY)[;:]/i;
/** vCard 2.1 quoted-printable values continue on the next line after a trailing "=". */
const quotedPrintable = /^[^:]*;(?:ENCODING=)?QUOTED-PRINTABLE[;:]/i;
const PREVIEW_CHARACTERS = 100;

/** Physical lines of a text stream with their numbers; a line over `maxChars` is cut and flagged. */
async function* physicalLines(
  chunks: AsyncIterable<string>,
  maxChars: number,
): AsyncGenerator<{ text: string; number: number; cut: boolean }> {
  let pending = '';
  let cut = false;
  let number = 0;
  let afterCarriageReturn = false;
  for await (const chunk of chunks) {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const code = chunk.charCodeAt(i);
      if (code !== 0x0a && code !== 0x0d) continue;
      // CRLF is one line end: the LF after a CR that ended a line ends nothing.
      if (code === 0x0a && afterCarriageReturn && i === start) {
        afterCarriageReturn = false;
        start = i + 1;
        continue;
      }
      pending = appendBounded(pending, chunk.slice(start, i), maxChars, () => {
        cut = true;
      });
      yield { text: pending, number: ++number, cut };
      pending = '';
      cut = false;
      afterCarriageReturn = code === 0x0d;
      start = i + 1;
    }
    if (start < chunk.length) {
      afterCarriageReturn = false;
      pending = appendBounded(pending, chunk.slice(start), maxChars, () => {
        cut = true;
      });
    }
  }
  if (pending !== '' || cut) yield { text: pending, number: ++number, cut };
}

function appendBounded(text: string, more: string, maxChars: number, onCut: () => void): string {
  if (text.length + more.length <= maxChars) return text + more;
  onCut();
  return (text + more.slice(0, Math.max(0, maxChars - text.length))).slice(0, maxChars);
}

/**
 * The cards of a vCard file in order. Text outside BEGIN:VCARD … END:VCARD is ignored (some tools
 * write blank lines between cards); a card cut short by the end of the file is returned with
 * problem "no-end".
 */
export async function* vCardTexts(
  chunks: AsyncIterable<string>,
  limits: CsvLimits,
): AsyncGenerator<CardText> {
  // Characters, not bytes: a character is at most 3 UTF-8 bytes in the BMP, so this never refuses
  // a card the byte bound allows, and the card's own size check below is in the same unit.
  const maxChars = limits.maxLineBytes;
  let card: CardText | undefined;
  let size = 0;
  let skipping = false;
  let continuesQuotedPrintable = false;

  const refuse = (current: CardText) => {
    current.problem = 'too-long';
    current.properties = [];
  };

  for await (const line of physicalLines(chunks, maxChars)) {
    const text = line.text;
    if (card === undefined) {
      if (/^\s*BEGIN:VCARD\s*$/i.test(text)) {
        card = { line: line.number, properties: [], preview: '' };
        size = 0;
        skipping = false;
        continuesQuotedPrintable = false;
      }
      continue;
    }
    const folded = (text.startsWith(' ') || text.startsWith('\t')) && !continuesQuotedPrintable;
    if (!folded && !continuesQuotedPrintable && /^\s*END:VCARD\s*$/i.test(text)) {
      yield card;
      card = undefined;
      continue;
    }
    if (card.preview.length < PREVIEW_CHARACTERS)
      card.preview = `${card.preview}${card.preview ? ' ' : ''}${text}`.slice(0, PREVIEW_CHARACTERS);
    if (card.problem === 'too-long') continue;
    if (folded || continuesQuotedPrintable) {
      const continued = continuesQuotedPrintable ? text : text.slice(1);
      if (!skipping && card.properties.length > 0) {
        const last = card.properties.length - 1;
        card.properties[last] =
          `${continuesQuotedPrintable ? card.properties[last]!.slice(0, -1) : card.properties[last]}${continued}`;
        size += continued.length;
      }
      continuesQuotedPrintable = continuesQuotedPrintable && text.endsWith('=');
    } else {
      skipping = binaryProperty.test(text);
      continuesQuotedPrintable = quotedPrintable.test(text) && text.endsWith('=');
      if (!skipping && text.trim() !== '') {
        card.properties.push(text);
        size += text.length;
      }
    }
    // A cut photo is skipped anyway; a cut value that would be imported refuses the card.
    if ((line.cut && !skipping) || size > maxChars) refuse(card);
  }
  if (card !== undefined) {
    card.problem ??= 'no-end';
    card.properties = [];
    yield card;
  }
}
