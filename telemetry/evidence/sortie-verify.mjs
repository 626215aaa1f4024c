#!/usr/bin/env node
// `npx sortie-verify FILE`: checks a Sortie report or signed evaluation offline.
import { register } from 'tsx/esm/api';

register();
const { runVerify } = await import('./verifyCommand.ts');
process.exitCode = runVerify(process.argv.slice(2));
