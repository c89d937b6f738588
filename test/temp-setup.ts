/** vitest setupFile: every folder test/temp.ts's tempDir() made in a test file is removed after that file. */
import { afterAll } from 'vitest';
import { removeTempDirs } from './temp.js';

afterAll(removeTempDirs);
