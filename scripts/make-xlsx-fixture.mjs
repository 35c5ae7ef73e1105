#!/usr/bin/env node
/**
 * Writes test/fixtures/exports/workbook.xlsx: a tiny Excel workbook made by hand (the parts Excel
 * itself writes, zipped with fflate), so the test of .xlsx input needs no spreadsheet program.
 * Sheet "Deals": five deals with number amounts and date-formatted close dates; sheet "Q4": two.
 * Run again after changing the rows: node scripts/make-xlsx-fixture.mjs
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strToU8, zipSync } from 'fflate';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'exports', 'workbook.xlsx');

// Excel's 1900 date system: serial 25569 is 1970-01-01.
const serial = (iso) => Date.UTC(...iso.split('-').map((part, index) => Number(part) - (index === 1 ? 1 : 0))) / 86_400_000 + 25569;

const sheets = {
  Deals: [
    ['deal_id', 'owner', 'stage', 'amount', 'close'],
    ['X-1', 'Zoë Müller', 'Closed Won', 12000.5, { date: '2026-03-02' }],
    ['X-2', 'Zoë Müller', 'Closed Lost', 8000, { date: '2026-03-09' }],
    ['X-3', 'René Dubois', 'Closed Won', 5000, { date: '2026-03-16' }],
    ['X-4', 'René Dubois', 'Proposal', 3000, { date: '2026-04-30' }],
    [],
    ['Total', null, null, 28000.5, null],
  ],
  Q4: [
    ['deal_id', 'owner', 'stage', 'amount', 'close'],
    ['Q-1', 'Ann', 'Closed Won', 700, { date: '2026-10-01' }],
    ['Q-2', 'Ann', 'Closed Lost', 300, { date: '2026-11-01' }],
  ],
};

const escape = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const column = (index) => String.fromCharCode(65 + index);
const cellXml = (value, ref) => {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return `<c r="${ref}"><v>${value}</v></c>`;
  if (typeof value === 'object') return `<c r="${ref}" s="1"><v>${serial(value.date)}</v></c>`;
  return `<c r="${ref}" t="inlineStr"><is><t>${escape(value)}</t></is></c>`;
};
const sheetXml = (rows) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows
    .map((row, r) => `<row r="${r + 1}">${row.map((value, c) => cellXml(value, `${column(c)}${r + 1}`)).join('')}</row>`)
    .join('')}</sheetData></worksheet>`;

const names = Object.keys(sheets);
const files = {
  '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>${names.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}</Types>`,
  '_rels/.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${names.map((name, i) => `<sheet name="${name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
  'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${names.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}<Relationship Id="rId${names.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
  // Style 1 is number format 14, Excel's built-in short date.
  'xl/styles.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>`,
  ...Object.fromEntries(Object.values(sheets).map((rows, i) => [`xl/worksheets/sheet${i + 1}.xml`, sheetXml(rows)])),
};

// A fixed modification time, so the bytes are the same on every run.
const zipped = zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, [strToU8(text), { mtime: new Date('2026-01-01T00:00:00Z') }]])));
writeFileSync(out, zipped);
console.log(`wrote ${out} (${zipped.length} bytes)`);
