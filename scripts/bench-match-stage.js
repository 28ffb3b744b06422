#!/usr/bin/env node
/**
 * The Match stage alone, in a process of its own, so that `/usr/bin/time -v` measures the
 * stage's CPU time and peak RSS and nothing else (bench-match.js also runs the in-memory matcher
 * and holds the ground truth). Two steps, the database kept between them:
 *
 *   node scripts/bench-match-stage.js setup --dir .bench/m100k --existing 100000 --incoming 100000
 *   /usr/bin/time -v node scripts/bench-match-stage.js run --dir .bench/m100k
 *
 * `run` matches the staged package from the start (as a restarted stage does) and prints the
 * rate, the CPU time and a SHA-256 of the stored matches (staged_contact_id, contact_id,
 * other_staged_contact_id, score, band) and of the pre-selected matches: two builds that print
 * the same hashes on the same database stored the same results.
 *
 * BENCH_MODEL=estimated has the stage estimate the job's match model from its first batches, as
 * the stage's handler does (src/jobs/stages.ts), and score with it; the estimate's time counts in
 * the stage's, and the model's hash is printed. Without it the default model scores (and a build
 * without job models measures the same way).
 *
 * BENCH_PACKAGE_IN_MEMORY=N sets the stage's packageInMemory (0: package mates always through
 * staged_match_keys, as for a package too large to hold) and BENCH_SCORING=in-thread|thread
 * where scoring runs; DOVETAIL_MATCH_BATCH_ROWS the batch size and DOVETAIL_MATCH_SCORER_HEAP_MB the
 * scoring thread's heap limit (0: V8's own), as for the server. The peak RSS it prints is read
 * when the stage ends, before the hashes (which read every stored match) are computed.
 *
 * It is a measurement, not a test: it asserts nothing.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openApp } from '../dist/app/open-app.js';
import { MatchSeedingRepository } from '../dist/db/repositories/match-seeding.repository.js';
import { blockingKeysFor } from '../dist/pipeline/match/blocking-keys.js';
import { matchStagedContacts } from '../dist/pipeline/match/match-stage.js';
import { generateMatchTruth } from '../dist/sample/match-truth.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    dir: { type: 'string' },
    existing: { type: 'string', default: '100000' },
    incoming: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
  },
});
const step = positionals[0];
if (!values.dir || (step !== 'setup' && step !== 'run')) {
  process.stderr.write(
    'usage: bench-match-stage.js setup|run --dir DIR [--existing N --incoming N --seed S]\n',
  );
  process.exit(2);
}
const workDir = path.resolve(values.dir);
const int = (n) => Math.round(n).toLocaleString('en-US');
const seconds = (from) => Number(process.hrtime.bigint() - from) / 1e9;

fs.mkdirSync(workDir, { recursive: true });
const app = await openApp({ ...process.env, DATABASE_URL: '', DOVETAIL_DATA_DIR: workDir });
try {
  if (step === 'setup') {
    const started = process.hrtime.bigint();
    const truth = generateMatchTruth({
      existing: Number(values.existing),
      incoming: Number(values.incoming),
      seed: Number(values.seed),
    });
    const seeding = new MatchSeedingRepository(app.db, 'sqlite');
    const advisor = await app.repositories.users.create({ userName: 'advisor' });
    for (let start = 0; start < truth.existing.length; start += 50_000) {
      await seeding.addContacts(
        advisor.id,
        truth.existing
          .slice(start, start + 50_000)
          .map((profile) => ({ profile, keys: blockingKeysFor(profile) })),
      );
    }
    const jobId = await app.repositories.importJobs.create({
      description: 'bench:match-stage',
      packageName: 'bench.zip',
      packagePath: workDir,
      packageBytes: 0,
      onBehalfOfUserId: advisor.id,
      submittedByUserId: advisor.id,
    });
    // In one call: the seeding numbers source lines per call, and they must stay unique.
    await seeding.stageContacts(jobId, truth.incoming);
    fs.writeFileSync(path.join(workDir, 'bench.json'), JSON.stringify({ jobId, userId: advisor.id }));
    console.log(`set up job ${jobId} in ${seconds(started).toFixed(1)} s`);
  } else {
    const { jobId, userId } = JSON.parse(fs.readFileSync(path.join(workDir, 'bench.json'), 'utf8'));
    const started = process.hrtime.bigint();
    const cpuStarted = process.cpuUsage();
    // As the stage's handler runs it (src/jobs/stages.ts): the stage estimates the model from its
    // first batches and hands it over to be stored.
    let model;
    const keepEstimatedModel =
      process.env.BENCH_MODEL === 'estimated'
        ? async (estimated) => {
            model = estimated;
          }
        : undefined;
    const result = await matchStagedContacts({
      jobId,
      onBehalfOfUserId: userId,
      startAfter: 0,
      repositories: app.repositories,
      batchSize: app.config.matchBatchRows,
      scorerHeapMb: app.config.matchScorerHeapMb,
      ...(keepEstimatedModel ? { keepEstimatedModel } : {}),
      ...(process.env.BENCH_SCORING ? { scoring: process.env.BENCH_SCORING } : {}),
      ...(process.env.BENCH_PACKAGE_IN_MEMORY
        ? { packageInMemory: Number(process.env.BENCH_PACKAGE_IN_MEMORY) }
        : {}),
    });
    const wall = seconds(started);
    const used = process.cpuUsage(cpuStarted);
    const cpu = (used.user + used.system) / 1e6;
    console.log(
      `matched ${int(result.stagedContacts)} staged contacts in ${wall.toFixed(2)} s: ${int(result.stagedContacts / wall)}/s; ` +
        `CPU ${cpu.toFixed(2)} s of the main thread's process (${int(result.stagedContacts / cpu)}/CPU-s); ` +
        `${int(result.matched)} with a match; load ${fs.readFileSync('/proc/loadavg', 'utf8').trim()} on ${os.availableParallelism()} CPUs`,
    );
    // Read before the hashes below, which read the stored matches and would count in the peak.
    console.log(`peak RSS of the stage's process: ${int(process.resourceUsage().maxRSS / 1024)} MiB`);
    const hash = crypto.createHash('sha256');
    let rows = 0;
    // A range of staged contacts at a time, in the same order as one query: a million-contact job
    // stores about ten million matches, more than the stage itself ever holds.
    const { first, last } = await app.db
      .selectFrom('staged_contacts')
      .select((eb) => [eb.fn.min('id').as('first'), eb.fn.max('id').as('last')])
      .where('job_id', '=', jobId)
      .executeTakeFirstOrThrow();
    for (let from = Number(first ?? 1) - 1; from < Number(last ?? 0); from += 20_000) {
      const matches = await app.db
        .selectFrom('staged_matches')
        .select(['staged_contact_id', 'contact_id', 'other_staged_contact_id', 'score', 'band'])
        .where('job_id', '=', jobId)
        .where('staged_contact_id', '>', from)
        .where('staged_contact_id', '<=', from + 20_000)
        .orderBy('staged_contact_id')
        .orderBy('contact_id')
        .orderBy('other_staged_contact_id')
        .execute();
      for (const row of matches) {
        hash.update(
          `${row.staged_contact_id},${row.contact_id},${row.other_staged_contact_id},${row.score},${row.band}\n`,
        );
        rows++;
      }
    }
    const selections = crypto.createHash('sha256');
    for (const row of await app.repositories.matching.selectedMatchesOf(jobId)) {
      selections.update(
        `${row.id},${row.match_contact_id},${row.match_staged_contact_id},${row.match_score},${row.match_band}\n`,
      );
    }
    const job = await app.db
      .selectFrom('import_jobs')
      .select('contacts_matched')
      .where('id', '=', jobId)
      .executeTakeFirst();
    console.log(`stored matches: ${int(rows)} rows, sha256 ${hash.digest('hex')}`);
    if (model) {
      const { matchModelToJson } = await import('../dist/pipeline/match/model/match-model.js');
      const json = matchModelToJson(model) ?? 'null';
      console.log(`model: ${model.source}, sha256 ${crypto.createHash('sha256').update(json).digest('hex')}`);
    }
    console.log(`pre-selected: ${job.contacts_matched} counted, sha256 ${selections.digest('hex')}`);
  }
} finally {
  await app.close();
}
