import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { buildTargetDefinition } from '../../src/format/target-definition.js';
import { checkPlan } from '../../src/mapping-tool/check-plan.js';
import { listCsvFiles } from '../../src/mapping-tool/read-inputs.js';
import { suggestMappings } from '../../src/mapping-tool/suggest-mappings.js';
import { sampleOwner, sampleVocabulary } from '../../src/sample/sample-vocabulary.js';
import { odsContent, odsRow, odsTable, textCell, writeOds } from '../support/ods-builder.js';
import { tempDir } from '../support/package-builder.js';

const definition = buildTargetDefinition(sampleOwner, sampleVocabulary);

describe('the mapping tool on an OpenDocument spreadsheet', () => {
  it('finds the .ods in a folder, suggests its columns from the first sheet, and checks it with no encoding or delimiter', async () => {
    const folder = tempDir();
    const date = (shown: string) =>
      `<table:table-cell office:value-type="date" office:date-value="1960-01-01"><text:p>${shown}</text:p></table:table-cell>`;
    await writeOds(
      odsContent([
        odsTable('Contacts', [
          odsRow(['Contact ID', 'First Name', 'Last Name', 'Birthday'].map(textCell).join('')),
          odsRow(['C1', 'Ann', 'Lee'].map(textCell).join('') + date('31/01/1960')),
          odsRow(['C2', 'Bo', 'Ek'].map(textCell).join('') + date('29/02/1964')),
        ]),
      ]),
      { file: path.join(folder, 'people.ods') },
    );
    const [file] = listCsvFiles([folder]);
    expect(path.basename(file!)).toBe('people.ods');
    const { plan } = await suggestMappings({ files: [{ path: file!, name: 'people.ods' }], definition });
    const planned = plan.files[0]!;
    expect(planned).toMatchObject({
      file: 'people.ods',
      dataType: 'person',
      encoding: 'auto',
      delimiter: 'auto',
      keyColumn: 'Contact ID',
      dateFormat: 'DD/MM/YYYY',
    });
    expect(planned.columns.map((column) => [column.column, column.target])).toEqual(
      expect.arrayContaining([
        ['First Name', 'firstName'],
        ['Birthday', 'birthDate'],
      ]),
    );
    const report = await checkPlan(plan, new Map([['people.ods', file!]]), definition, {
      limits: loadConfig({}).archive,
    });
    expect(report.problems).toEqual([]);
  });
});
