/**
 * OpenDocument spreadsheets (.ods) for tests, written as LibreOffice Calc writes them: the
 * `mimetype` entry first and stored, a manifest, and content.xml with LibreOffice's namespaces,
 * column declarations, repeated empty cells to the last column and a trailing repeated empty row
 * to the sheet's last row. (LibreOffice is not installed where the tests run, so the file is
 * built here from what Calc 7 saves, with yazl.)
 */
import fs from 'node:fs';
import path from 'node:path';
import yazl from 'yazl';
import { tempDir } from './package-builder.js';

const NAMESPACES = [
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
  'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"',
  'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"',
  'xmlns:dc="http://purl.org/dc/elements/1.1/"',
  'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"',
  'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"',
  'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"',
].join(' ');

export const ODS_MIMETYPE = 'application/vnd.oasis.opendocument.spreadsheet';

/** A string cell as Calc writes it. */
export const textCell = (text: string) =>
  `<table:table-cell office:value-type="string" calcext:value-type="string"><text:p>${escapeXml(text)}</text:p></table:table-cell>`;

/** A sheet (table:table) of `rows`, each row the XML of its cells; Calc's trailing empty row ends it. */
export function odsTable(name: string, rows: string[], columns = 6): string {
  return (
    `<table:table table:name="${escapeXml(name)}" table:style-name="ta1">` +
    `<table:table-column table:style-name="co1" table:number-columns-repeated="${columns}" table:default-cell-style-name="Default"/>` +
    rows.join('') +
    `<table:table-row table:style-name="ro1" table:number-rows-repeated="${1_048_576 - rows.length}"><table:table-cell table:number-columns-repeated="${columns}"/></table:table-row>` +
    '</table:table>'
  );
}

/** A row as Calc writes it: its cells, then the empty ones to the sheet's last column. */
export const odsRow = (cells: string, attributes = '') =>
  `<table:table-row table:style-name="ro1"${attributes}>${cells}<table:table-cell table:number-columns-repeated="16378"/></table:table-row>`;

export function odsContent(tables: string[]): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<office:document-content ${NAMESPACES} office:version="1.3">` +
    '<office:scripts/><office:font-face-decls/>' +
    '<office:automatic-styles>' +
    '<style:style style:name="co1" style:family="table-column"><style:table-column-properties fo:break-before="auto" style:column-width="0.889in"/></style:style>' +
    '<style:style style:name="ro1" style:family="table-row"><style:table-row-properties style:row-height="0.178in" fo:break-before="auto" style:use-optimal-row-height="true"/></style:style>' +
    '<style:style style:name="ta1" style:family="table" style:master-page-name="Default"><style:table-properties table:display="true" style:writing-mode="lr-tb"/></style:style>' +
    '<number:date-style style:name="N37"><number:day number:style="long"/><number:text>/</number:text><number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/></number:date-style>' +
    '</office:automatic-styles>' +
    '<office:body><office:spreadsheet><table:calculation-settings table:automatic-find-labels="false"/>' +
    tables.join('') +
    '<table:named-expressions/></office:spreadsheet></office:body></office:document-content>'
  );
}

/** Writes an .ods holding `content` (content.xml) and returns its path. */
export async function writeOds(
  content: string,
  options: { mimetype?: string; file?: string } = {},
): Promise<string> {
  const file = options.file ?? path.join(tempDir(), 'contacts.ods');
  const zip = new yazl.ZipFile();
  // As the OpenDocument standard asks: the first entry, stored, so the type shows at a fixed offset.
  zip.addBuffer(Buffer.from(options.mimetype ?? ODS_MIMETYPE), 'mimetype', { compress: false });
  zip.addBuffer(
    Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">' +
        `<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="${options.mimetype ?? ODS_MIMETYPE}"/>` +
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>' +
        '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>' +
        '</manifest:manifest>',
    ),
    'META-INF/manifest.xml',
  );
  zip.addBuffer(Buffer.from(content, 'utf8'), 'content.xml');
  zip.addBuffer(
    Buffer.from(
      `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles ${NAMESPACES} office:version="1.3"/>`,
    ),
    'styles.xml',
  );
  zip.end();
  await new Promise<void>((resolve, reject) =>
    zip.outputStream.pipe(fs.createWriteStream(file)).on('close', resolve).on('error', reject),
  );
  return file;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
