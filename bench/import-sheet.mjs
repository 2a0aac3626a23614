// The sheet for make bench's import job: N new items in the import template's columns, spread
// over the organs named in a file (one name per line), written as .xlsx (what the server
// imports) and as CSV (what the plain sqlite3 reference loads), the same rows in both.
//
// usage: node bench/import-sheet.mjs UNITS_FILE ROWS YEAR OUT.xlsx OUT.csv
import { readFileSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';

const HEADERS = ['工作项目', '类别', '事项名称', '责任单位', '责任人', '分管领导', '开始日期', '完成时限',
  '目标任务', '目标值', '计量单位', '佐证材料要求', '权重', '事项说明'];
const CATEGORIES = ['重点任务', '改革任务', '民生实事'];

const [unitsFile, rowsArg, yearArg, xlsxPath, csvPath] = process.argv.slice(2);
if (!csvPath) {
  console.error('usage: node bench/import-sheet.mjs UNITS_FILE ROWS YEAR OUT.xlsx OUT.csv');
  process.exit(2);
}
const units = readFileSync(unitsFile, 'utf8').split('\n').map((s) => s.trim()).filter(Boolean);
const n = Number(rowsArg);
const year = Number(yearArg);
if (!units.length || !(n > 0) || !(year > 2000)) {
  console.error('import-sheet: need unit names, a row count and a year');
  process.exit(2);
}

const project = '压测导入批次';
const rows = Array.from({ length: n }, (_, i) => {
  const month = String((i % 12) + 1).padStart(2, '0');
  return [
    project,
    CATEGORIES[i % CATEGORIES.length],
    `${project}事项${String(i + 1).padStart(5, '0')}：推进重点项目建设`,
    units[i % units.length],
    `责任人${(i % 97) + 1}`,
    '王副局长',
    `${year}-01-01`,
    `${year}-${month}-28`,
    '按期完成年度目标任务',
    (i % 50) + 1,
    '个',
    '工作台账、会议纪要',
    1,
    '导入压测',
  ];
});

const wb = new ExcelJS.Workbook();
const ws = wb.addWorksheet('清单');
ws.addRow(HEADERS);
for (const r of rows) ws.addRow(r);
writeFileSync(xlsxPath, Buffer.from(await wb.xlsx.writeBuffer()));

const csvCell = (v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
writeFileSync(csvPath, [HEADERS, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n');
