/**
 * The Kubernetes example in deploy/kubernetes: the manifests parse, and their exact command lines, run here
 * one pod index at a time as Kubernetes would run them, give a merged dataset equal to a single run. What
 * differs from a cluster: `node` is this Node, the image's working folder /app is this repository (the image
 * copies dist/ there), and the volume's mount path (/data) is a local folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cli, tempDir } from './cli.js';
import { ROOT } from './helpers.js';
import { expectSameAsSingleRun, writeShardCorpus } from './pipeline/shard-corpus.js';

interface Container {
  image: string;
  workingDir: string;
  command: string[];
  args?: string[];
  env?: Array<{ name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }>;
  volumeMounts: Array<{ name: string; mountPath: string }>;
}
interface Job {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: {
    completionMode?: string;
    completions?: number;
    template: { spec: { restartPolicy: string; containers: Container[]; volumes: Array<{ name: string }> } };
  };
}

const DEPLOY = join(ROOT, 'deploy', 'kubernetes');
const manifest = (name: string) => parse(readFileSync(join(DEPLOY, name), 'utf8')) as Job;

/** Kubernetes' expansion of $(VAR) in command and args from the container's environment ($$ is a $). */
function expand(word: string, env: Record<string, string>): string {
  return word.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name: string | undefined) =>
    name === undefined ? '$' : (env[name] ?? whole),
  );
}

/** Runs a container's command line here: the mount path mapped to a local folder, /app to this repository. */
function runContainer(container: Container, env: Record<string, string>, data: string) {
  const mount = container.volumeMounts[0]!.mountPath;
  const words = [...container.command, ...(container.args ?? [])].map((word) =>
    expand(word, env).replace(new RegExp(`^${mount}(?=/|$)`), data),
  );
  expect(words[0]).toBe('node');
  expect(container.workingDir).toBe('/app');
  const result = spawnSync(process.execPath, words.slice(1), {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  expect(result.stderr.split('\n').filter((line) => line.includes('"level":"error"'))).toEqual([]);
  expect(result.status, result.stderr).toBe(0);
  return words;
}

describe('deploy/kubernetes', () => {
  it('an Indexed Job of shards and a merge Job whose command lines give a single run’s dataset', () => {
    const shards = manifest('shards-job.yaml');
    const merge = manifest('merge-job.yaml');
    const volume = parse(readFileSync(join(DEPLOY, 'volume.yaml'), 'utf8')) as {
      kind: string;
      metadata: { name: string };
      spec: { accessModes: string[] };
    };
    expect(volume.kind).toBe('PersistentVolumeClaim');
    expect(volume.spec.accessModes).toEqual(['ReadWriteMany']);
    for (const job of [shards, merge]) {
      expect(job).toMatchObject({ apiVersion: 'batch/v1', kind: 'Job' });
      expect(job.spec.template.spec.restartPolicy).toBe('Never');
      expect(job.spec.template.spec.volumes).toEqual([
        expect.objectContaining({ persistentVolumeClaim: { claimName: volume.metadata.name } }),
      ]);
    }
    expect(shards.spec.completionMode).toBe('Indexed');
    const n = shards.spec.completions!;
    const container = shards.spec.template.spec.containers[0]!;
    expect(container.env).toContainEqual({
      name: 'JOB_COMPLETION_INDEX',
      valueFrom: {
        fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" },
      },
    });

    const data = tempDir('newsclean-deploy-');
    writeShardCorpus(join(data, 'in'));
    mkdirSync(join(data, 'out'));
    for (let k = 0; k < n; k++) {
      const words = runContainer(container, { JOB_COMPLETION_INDEX: String(k) }, data);
      // The index reached both the shard and its folder.
      expect(words).toEqual(
        expect.arrayContaining(['--shard', `${k}/${n}`, join(data, 'out', `shard-${k}`)]),
      );
    }
    const merged = runContainer(merge.spec.template.spec.containers[0]!, {}, data);
    // The merge names every shard folder the Indexed Job writes, and no other.
    const named = merged.filter((word) => word.startsWith(join(data, 'out', 'shard-')));
    expect(named).toEqual(Array.from({ length: n }, (_, k) => join(data, 'out', `shard-${k}`)));

    const single = join(data, 'single');
    const result = cli(['run', '--in', join(data, 'in'), '--out', single, '--quiet']);
    expect(result.status).toBe(0);
    expectSameAsSingleRun(single, join(data, 'final'));
  });
});
