/**
 * Hostile inputs too large to commit, generated into a temp dir: a 1 MB field, a 5 MB line and a
 * 5 MB quoted field, 100,000 and 2,001 columns, a quote left open at the top of a 20 MB file,
 * quoted CRLF rows cut by a read chunk between CR and LF, stray inch marks in a file larger than
 * the record limit, and bad bytes past the first read chunk (256 KiB). Each test states the
 * outcome chosen and asserts it exactly through the real binary.
 */
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, dealmath, tempDir, type CliResult } from '../cli/helpers.js';
import { run } from '../cli/inProcess.js';

const dir = tempDir();
const CHUNK = 256 * 1024;

/** Exit 2 with exactly one line on stderr matching `message`, no stack trace, nothing on stdout. */
function expectRefused(result: CliResult, message: RegExp): void {
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(result.code).toBe(2);
}

async function validateJson(path: string): Promise<{ code: number; doc: { rowsRead: number; rowsUsed: number; rowsRejected: number; rowsFiltered: number; findings: { rule: string; row: number }[] } }> {
  const result = await run(['validate', path, '--json']);
  return { code: result.code, doc: JSON.parse(result.stdout) };
}

function write(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** `count` rows `G<i>,Ann,Closed Won,<i>` (ids unique). */
function plainRows(count: number, from = 1): string {
  let text = '';
  for (let index = from; index < from + count; index += 1) text += `G${index},Ann,Closed Won,${index}\n`;
  return text;
}

describe('generated hostile inputs', () => {
  // Outcome: a 1 MB field is within the 4 MiB per-row limit: read, both rows used.
  it('a 1 MB field is read', async () => {
    const path = write('big-field.csv', `deal_id,name,stage,amount\nB1,"${'x'.repeat(1024 * 1024)}",Closed Won,100\nB2,short,Closed Lost,200\n`);
    const { code, doc } = await validateJson(path);
    expect(code).toBe(0);
    expect(doc).toMatchObject({ rowsRead: 2, rowsUsed: 2, rowsRejected: 0 });
  });

  // Outcome: a 5 MB line is refused before it is buffered: exit 2 naming the 4,194,304-character limit.
  it('a 5 MB line is refused naming the limit', async () => {
    const path = write('huge-line.csv', `deal_id,name,stage,amount\nH1,${'y'.repeat(5 * 1024 * 1024)},Closed Won,100\n`);
    expectRefused(await run(['validate', path]), /^dealmath: .*huge-line\.csv: a line is longer than 4194304 characters, the limit per row$/);
  });

  // Outcome: a 5 MB quoted field made of short lines is one record over the limit: exit 2, the
  // quoted-field form of the limit message.
  it('a 5 MB quoted field with line breaks is refused naming the limit', async () => {
    const path = write('huge-quoted.csv', `deal_id,name,stage,amount\nH1,"${`${'z'.repeat(99)}\n`.repeat(52_000)}",Closed Won,100\n`);
    expectRefused(
      await run(['validate', path]),
      /^dealmath: .*huge-quoted\.csv: a quoted field runs on for more than 4194304 characters, the limit per row; a quote is probably never closed$/,
    );
  });

  // Outcome: a quote opened on row 2 of a 20 MB file and never closed is refused once the open
  // field passes the record limit: the limit message, not papaparse's "never closed" at the end of
  // the file. Before the guard the parser re-read the growing field with every chunk (quadratic
  // time, memory of the file: 8 s and 740 MB for 69 MB); the message shows it stopped at 4 MiB.
  it('a quote left open at the top of a large file stops at the record limit', async () => {
    const path = write('open-quote-big.csv', `deal_id,name,stage,amount\nQ1,"never closed,Closed Won,100\n${plainRows(800_000)}`);
    expectRefused(
      await run(['validate', path]),
      /^dealmath: .*open-quote-big\.csv: a quoted field runs on for more than 4194304 characters, the limit per row; a quote is probably never closed$/,
    );
  });

  // Outcome: a quote not doubled deep in a file of quoted rows (read by the fast splitter, which
  // leaves such a chunk to papaparse) is refused at its own row, as for a small file.
  it('an undoubled quote on row 4,501 of a 300 KB file is refused naming that row', async () => {
    const rows = ['deal_id,name,stage,amount'];
    for (let index = 1; index <= 6000; index += 1) rows.push(index === 4500 ? 'B4500,"Acme "bad" Inc",Closed Won,1' : `B${index},"Acme, Inc. ${index}",Closed Won,${index}`);
    const path = write('undoubled-deep.csv', `${rows.join('\n')}\n`);
    expectRefused(await run(['validate', path]), /^dealmath: .*undoubled-deep\.csv, row 4501: a quote inside a quoted field is not doubled/);
  });

  // Outcome: inch marks inside unquoted fields (`12" screen`) are literal, as papaparse reads
  // them: a 6 MB file full of them is read whole, no row over the limit.
  it('stray quotes inside unquoted fields do not count as an open quoted field', async () => {
    let text = 'deal_id,name,stage,amount\n';
    for (let index = 1; index <= 150_000; index += 1) text += `I${index},Widget 12" screen ${index},Closed Won,${index}\n`;
    const { code, doc } = await validateJson(write('inches.csv', text));
    expect(code).toBe(0);
    expect(doc).toMatchObject({ rowsRead: 150_000, rowsUsed: 150_000, rowsRejected: 0 });
  });

  // Outcome: a fully quoted CRLF export (Salesforce style) whose read chunk ends between the CR
  // and the LF right after a closing quote is read whole. papaparse alone took that quote for a
  // malformed one ("a quote inside a quoted field is not doubled") and the file was refused.
  it('quoted CRLF rows cut between CR and LF by a read chunk are read', async () => {
    const row = (id: string, name: string): string => `"${id}","${name}","Closed Won","100"\r\n`;
    let text = '"deal_id","name","stage","amount"\r\n';
    let count = 0;
    const fill = (boundary: number): void => {
      while (text.length + row('C000000', 'n').length * 2 < boundary) text += row(`C${String((count += 1)).padStart(6, '0')}`, 'n');
      // One row whose name pads it so that its CR is the chunk's last byte.
      const base = row(`C${String((count += 1)).padStart(6, '0')}`, '');
      text += row(`C${String(count).padStart(6, '0')}`, 'p'.repeat(boundary - text.length - base.length + 1));
      expect(text.charAt(boundary - 1)).toBe('\r');
      expect(text.charAt(boundary)).toBe('\n');
    };
    fill(CHUNK);
    fill(2 * CHUNK);
    while (text.length < 3 * CHUNK) text += row(`C${String((count += 1)).padStart(6, '0')}`, 'tail "" quote');
    const { code, doc } = await validateJson(write('crlf-quoted.csv', text));
    expect(code).toBe(0);
    expect(doc).toMatchObject({ rowsRead: count, rowsUsed: count, rowsRejected: 0 });
  });

  // Outcome: a header of 100,000 columns is refused naming the 2,000-column limit; 2,001 columns
  // too; 2,000 columns are read.
  it('100,000 and 2,001 columns are refused naming the limit; 2,000 are read', async () => {
    const header = (width: number): string => ['deal_id', 'stage', 'amount', ...Array.from({ length: width - 3 }, (_, index) => `c${index}`)].join(',');
    const row = (width: number): string => ['W1', 'Closed Won', '100', ...Array.from({ length: width - 3 }, () => 'v')].join(',');
    const wide = write('wide.csv', `${header(100_000)}\n${row(100_000)}\n`);
    expectRefused(await run(['validate', wide]), /^dealmath: .*wide\.csv, row 1: the header has 100000 columns; at most 2000 are read$/);
    const over = write('over.csv', `${header(2001)}\n${row(2001)}\n`);
    expectRefused(await run(['validate', over]), /^dealmath: .*over\.csv, row 1: the header has 2001 columns; at most 2000 are read$/);
    const { code, doc } = await validateJson(write('at-limit.csv', `${header(2000)}\n${row(2000)}\n`));
    expect(code).toBe(0);
    expect(doc).toMatchObject({ rowsRead: 1, rowsUsed: 1 });
  });

  // Outcome: an invalid byte past the first read chunk is reported at its exact byte offset
  // (300,000 by construction), and a valid 2-byte "é" cut by the chunk boundary is not an error.
  it('invalid UTF-8 past the first chunk: the exact byte offset', async () => {
    const head = 'deal_id,name,stage,amount\n';
    let text = head;
    while (text.length < CHUNK - 40) text += 'U1,plain,Closed Won,1\n'.replace('U1', `U${text.length}`);
    // "é" is 2 bytes in UTF-8: its first byte is the chunk's last.
    text += `UE,${'e'.repeat(CHUNK - 1 - text.length - 3)}é,Closed Won,1\n`;
    expect(Buffer.byteLength(text.slice(0, text.indexOf('é')))).toBe(CHUNK - 1);
    while (text.length < 299_950) text += `U${text.length},plain,Closed Won,1\n`;
    const before = Buffer.from(`${text}UX,`);
    const padding = Buffer.from('a'.repeat(300_000 - before.length));
    const bytes = Buffer.concat([before, padding, Buffer.from([0xc3, 0x28]), Buffer.from(',Closed Won,1\n')]);
    expect(bytes[300_000]).toBe(0xc3);
    expectRefused(await run(['validate', write('late-invalid.csv', bytes)]), /^dealmath: .*late-invalid\.csv: invalid UTF-8 bytes at byte 300000; save the file as UTF-8 \(or pass --encoding windows-1252\)$/);
  });

  // Outcome: a NUL past the first read chunk, at its exact byte offset (400,000), on a file and on stdin.
  it('a NUL byte past the first chunk: the exact byte offset', async () => {
    const head = `deal_id,name,stage,amount\n${plainRows(30_000)}`.slice(0, 400_000 - 3);
    const start = head.slice(0, head.lastIndexOf('\n') + 1);
    const bytes = Buffer.concat([Buffer.from(start), Buffer.from('N1,' + 'a'.repeat(400_000 - start.length - 3)), Buffer.from([0]), Buffer.from(',Closed Won,1\n')]);
    expect(bytes[400_000]).toBe(0);
    expectRefused(await run(['validate', write('late-nul.csv', bytes)]), /^dealmath: .*late-nul\.csv: NUL byte at byte 400000: the file looks binary/);
    expectRefused(dealmath(['validate', '-'], { input: bytes.toString('latin1') }), /^dealmath: stdin: NUL byte at byte 400000: the file looks binary/);
  });

  // Outcome: UTF-16 without a BOM has a NUL as its second byte: exit 2 at byte 1 with the hint;
  // UTF-16 big-endian with a BOM is refused by name.
  // UTF-16BE with a BOM is read since issue 13 (test/cli/exportFormats.e2e.test.ts).
  it('UTF-16 without a BOM is refused', async () => {
    const text = 'deal_id,owner,stage,amount\nF1,Ann,Closed Won,100\n';
    expectRefused(
      await run(['validate', write('utf16-no-bom.csv', Buffer.from(text, 'utf16le'))]),
      /^dealmath: .*utf16-no-bom\.csv: NUL byte at byte 1: the file looks binary or is UTF-16 without a BOM; expected UTF-8 text$/,
    );
  });

  // Outcome: 400,000 two-byte rows (one stage column, row-number ids) are read: a 256 KiB chunk of
  // them is 131,072 rows, which used to end in "internal error: Maximum call stack size exceeded".
  it('a chunk of very short rows is read', async () => {
    const result = await run(['winrate', write('short-rows.csv', `stage\n${'W\n'.repeat(400_000)}`), '--json']);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ rowsRead: 400_000, rowsUsed: 400_000, rowsRejected: 0, rowsFiltered: 0 });
  });

  // Outcome: a JSON list of 200,000 records is read whole (it used to overflow the stack, "internal
  // error: Maximum call stack size exceeded", when the rows came as one batch of 200,000).
  it('a JSON list of 200,000 records is read', async () => {
    const records = Array.from({ length: 200_000 }, (_, index) => ({ deal_id: `J${index}`, stage: index % 2 === 0 ? 'Closed Won' : 'Closed Lost', amount: 10 }));
    const { code, doc } = await validateJson(write('many.json', JSON.stringify(records)));
    expect(code).toBe(0);
    expect(doc).toMatchObject({ rowsRead: 200_000, rowsUsed: 200_000, rowsRejected: 0 });
  });

  // Outcome: YAML above 8 MiB is refused before it is parsed (the yaml library needs ~90 bytes of
  // memory per byte: 64 MiB would exhaust the heap), naming the limit; JSON above 64 MiB on stdin too.
  it('YAML above 8 MiB and JSON above 64 MiB on stdin are refused naming the limit', async () => {
    const record = '- {deal_id: Y, stage: Closed Won, amount: 1}\n';
    const yaml = write('big.yaml', record.repeat(Math.ceil((8 * 1024 * 1024 + 1) / record.length)));
    expectRefused(await run(['validate', yaml]), /^dealmath: .*big\.yaml: larger than 8 MiB, the limit for YAML input; use CSV for large data$/);
    const item = '{"deal_id":"J","stage":"Closed Won","amount":1},';
    const json = `[${item.repeat(Math.ceil((64 * 1024 * 1024 + 1) / item.length))}{}]`;
    expectRefused(dealmath(['validate', '-'], { input: json }), /^dealmath: stdin: larger than 64 MiB, the limit for JSON input; use CSV for large data$/);
  });

  // Outcome: input that never ends stops at the first thing wrong with it: /dev/zero at its first
  // NUL; an endless line on stdin at the 4 MiB record limit (the test keeps writing until the
  // process exits: it must exit by itself).
  it.skipIf(!existsSync('/dev/zero'))('endless input: /dev/zero and an endless line on stdin', async () => {
    expectRefused(await run(['validate', '/dev/zero']), /^dealmath: \/dev\/zero: NUL byte at byte 0: the file looks binary/);
    const child = spawn(process.execPath, [BIN, 'validate', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.on('error', () => undefined); // EPIPE once the process has stopped reading
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let running = true;
    void exited.then(() => (running = false));
    child.stdin.write('deal_id,stage,amount\n');
    const chunk = 'x'.repeat(64 * 1024);
    let written = 0;
    while (running) {
      if (!child.stdin.write(chunk)) await Promise.race([new Promise((resolve) => child.stdin.once('drain', resolve)), exited]);
      written += chunk.length;
    }
    expect(await exited).toBe(2);
    expect(stderr).toBe('dealmath: stdin: a line is longer than 4194304 characters, the limit per row\n');
    // It stopped soon after the limit, not at the end of some buffer far beyond it.
    expect(written).toBeLessThan(64 * 1024 * 1024);
  });
});
