// Builds the dashboard into one folder that the gateway embeds: index.html, the bundled and
// minified JavaScript and CSS under content-hashed names (cached for a year), the icon, the
// third-party licences, and a Brotli and a gzip copy of each file (the gateway sends the
// smallest the browser accepts). Usage: node build.mjs [output folder, default dist/].
import { mkdir, readFile, rm, writeFile, readdir } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(process.argv[2] ?? path.join(here, 'dist'));

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });

const result = await esbuild.build({
  entryPoints: [path.join(here, 'src/main.js'), path.join(here, 'src/styles.css')],
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2022', 'chrome100', 'firefox100', 'safari15'],
  outdir: out,
  entryNames: '[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
});

const names = {};
for (const file of Object.keys(result.metafile.outputs))
  names[path.basename(file).replace(/-[A-Z0-9]{8}\./, '.')] = path.basename(file);
names['icon.svg'] = await writeHashed('icon.svg', await readFile(path.join(here, 'src/icon.svg')));
const uplot = JSON.parse(await readFile(path.join(here, 'node_modules/uplot/package.json'), 'utf8'));
names['licenses.txt'] = await writeHashed('licenses.txt', Buffer.from(
  `The dashboard bundles uPlot ${uplot.version}:\n\n${await readFile(path.join(here, 'node_modules/uplot/LICENSE'), 'utf8')}`));

const template = await readFile(path.join(here, 'src/index.html'), 'utf8');
const html = template.replace(/\{\{([\w.]+)\}\}/g, (_, name) => {
  if (!names[name]) throw new Error(`index.html names {{${name}}}, which the build did not produce`);
  return names[name];
});

// index.html last: MSBuild takes it as the sign of a complete build.
const files = (await readdir(out)).filter(f => !f.endsWith('.map'));
let transferred = 0;
for (const file of [...files, 'index.html']) {
  const body = file === 'index.html' ? Buffer.from(html) : await readFile(path.join(out, file));
  const brotli = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
  await writeFile(path.join(out, `${file}.br`), brotli);
  await writeFile(path.join(out, `${file}.gz`), gzipSync(body, { level: 9 }));
  if (file !== 'licenses.txt') transferred += brotli.length;
  console.log(`dashboard: ${file.padEnd(24)} ${kb(body.length)} (br ${kb(brotli.length)})`);
  if (file === 'index.html') await writeFile(path.join(out, file), body);
}
console.log(`dashboard: first load ${kb(transferred)} with Brotli, built into ${out}`);

async function writeHashed(file, body) {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 8).toUpperCase();
  const name = file.replace('.', `-${hash}.`);
  await writeFile(path.join(out, name), body);
  return name;
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1).padStart(6)} KB`;
}
