import type { AttributeSpec } from '../../format/attributes.js';
import type { FieldDefinition } from '../../format/package-format.schema.js';
import type { DateReader } from './parse-date.js';
import {
  type Conversion,
  convertBoolean,
  convertCode,
  convertEmail,
  convertNumber,
  convertPhone,
  convertText,
  convertUrl,
} from './value-converters.js';

export type Converter = (text: string) => Conversion;

export interface ConverterOptions {
  readDate: DateReader;
  dateFormat: string;
  defaultCountry: string;
  /** Birth dates in the future are typos, not data. */
  rejectFutureDates?: boolean;
  today?: string;
}

function dateConverter(label: string, options: ConverterOptions): Converter {
  return (text) => {
    const iso = options.readDate(text);
    if (iso === undefined) {
      return {
        ok: false,
        code: 'ROW_INVALID_DATE',
        message: `"${text}" is not a valid date in the format ${options.dateFormat}`,
      };
    }
    if (options.rejectFutureDates && options.today && iso > options.today) {
      return { ok: false, code: 'ROW_INVALID_DATE', message: `${label} ${iso} is in the future` };
    }
    return { ok: true, value: iso };
  };
}

/** The converter for a catalogue attribute. Communication values depend on the row's channel. */
export function converterForAttribute(spec: AttributeSpec, options: ConverterOptions): Converter {
  switch (spec.kind) {
    case 'date':
      return dateConverter(spec.label, { ...options, rejectFutureDates: spec.name === 'birthDate' });
    case 'email':
      return convertEmail;
    case 'phone':
      return (text) => convertPhone(text, options.defaultCountry);
    case 'url':
      return convertUrl;
    case 'boolean':
      return convertBoolean;
    case 'code':
      return (text) => convertCode(text, spec.codes ?? [], spec.label.toLowerCase());
    case 'text':
    case 'communication':
      return (text) => convertText(text, spec.maxLength, spec.label);
  }
}

/** Custom and user field values are stored as text in a canonical form for their type. */
export function converterForField(
  field: FieldDefinition,
  options: ConverterOptions,
  scope: 'custom' | 'user' = 'custom',
): Converter {
  const label = `${scope === 'user' ? 'User' : 'Custom'} field "${field.name}"`;
  switch (field.type) {
    case 'number':
      return convertNumber;
    case 'date':
      return dateConverter(label, options);
    case 'boolean':
      return (text) => {
        const result = convertBoolean(text);
        return result.ok ? { ok: true, value: result.value === 1 ? 'true' : 'false' } : result;
      };
    case 'choice':
      return (text) => convertCode(text, field.options ?? [], `value of ${label}`);
    case 'text':
      return (text) => convertText(text, 2_000, label);
  }
}

/** Reads a communication value according to its channel; without a channel, guesses from the value. */
export function convertCommunication(
  text: string,
  channel: string | null,
  defaultCountry: string,
): { channel: string; result: Conversion } {
  const resolved =
    channel ?? (text.includes('@') ? 'email' : /^[+(\d][\d\s().\-/x]*$/i.test(text) ? 'phone' : 'web');
  if (resolved === 'email') return { channel: resolved, result: convertEmail(text) };
  if (resolved === 'web') return { channel: resolved, result: convertUrl(text) };
  return { channel: resolved, result: convertPhone(text, defaultCountry) };
}
