// Copies browser bundles we serve ourselves into public/vendor (not committed): the API
// reference page must work without a CDN. (The package's `exports` do not expose this file.)
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const scalar = path.join(root, 'node_modules', '@scalar', 'api-reference', 'dist', 'browser', 'standalone.js');
mkdirSync(path.join(root, 'public', 'vendor'), { recursive: true });
copyFileSync(scalar, path.join(root, 'public', 'vendor', 'scalar-standalone.js'));
