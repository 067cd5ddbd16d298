// Regenerates the report of one or more results files: node src/report/cli.mjs results/<file>.json ...
import { readFileSync } from 'node:fs';
import { writeReport } from './write.mjs';

const files = process.argv.slice(2);
if (!files.length) {
  console.error('usage: node src/report/cli.mjs results/<date>-<workload>.json ...');
  process.exit(2);
}
for (const file of files) {
  const written = writeReport(JSON.parse(readFileSync(file, 'utf8')), file.replace(/\.json$/, ''));
  for (const path of written) console.log(path);
}
