// Replay and record (issue 10, part 6): a replay link retrains a run to the same weights, bit
// for bit, and is offered only for a run that can be replayed; a recording gives a WebM file
// (its EBML header checked) while a red indicator shows.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { session, open } from './harness.mjs';

const env = session();

const weights = (page) =>
  page.evaluate(() => {
    const net = window.backpropViz.app.trainer.network();
    const json = net.toJSON();
    net.free();
    return json;
  });

/** Clicks Copy link and returns the link the message shows (after "A replay link instead"
 * when `replay`). */
async function copiedLink(page, replay) {
  await page.click('#share');
  if (replay) await page.click('#message button:has-text("A replay link instead")');
  return page.$eval('#message .link-field', (f) => f.value);
}

test('a replay link reaches the same weights as its run, bit for bit; a run that cannot be replayed is not offered one', async () => {
  // [2,24,24,1]: its weights alone would make a link too long, so the replay link is the link.
  const { page, errors } = await open(env.b, env.url, { hash: '#data=xor&hidden=24t,24t&batch=7&lr=0.1' });
  for (let i = 0; i < 4; i++) await page.click('#step'); // 4 epochs
  await page.selectOption('#unit', 'batch');
  for (let i = 0; i < 5; i++) await page.click('#step'); // and 5 batches
  await page.click('#play');
  await page.waitForTimeout(400);
  await page.click('#play');
  const run = { weights: await weights(page), epoch: await page.$eval('#epoch', (o) => o.value) };
  const updates = await page.evaluate(() => window.backpropViz.app.trainer.updates);
  await page.click('#share');
  const text = await page.textContent('#message');
  assert.match(
    text,
    new RegExp(
      `A replay link to this scene \\(\\d+ characters\\): opening it retrains this run, ${updates} batch updates`,
    ),
  );
  const link = await page.$eval('#message .link-field', (f) => f.value);
  assert.match(link, new RegExp(`replay=${updates}(&|$)`));
  assert.ok(link.length < 600, `a short link: ${link.length} characters`);

  const replayed = await open(env.b, env.url, { hash: link.slice(link.indexOf('#')) });
  assert.equal(await weights(replayed.page), run.weights, 'the same weights, every bit');
  assert.equal(await replayed.page.$eval('#epoch', (o) => o.value), run.epoch);
  assert.match(await replayed.page.textContent('#notice'), new RegExp(`Replayed the run: ${updates} batch updates`));
  assert.deepEqual([...errors, ...replayed.errors], []);
  await replayed.page.close();

  // A step of one sample (batches are 7) breaks the chain: no replay link is offered.
  await page.click('#message .close');
  await page.selectOption('#unit', 'sample');
  await page.click('#step');
  await page.click('#share');
  assert.match(await page.textContent('#message'), /the run cannot be replayed/);
  await page.close();
});

test('a small network offers the exact weights and a replay link; both give the run back', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: '#hidden=3t' });
  for (let i = 0; i < 3; i++) await page.click('#step');
  const run = await weights(page);
  const exact = await copiedLink(page, false);
  assert.match(exact, /net=/);
  await page.click('#message .close');
  const replay = await copiedLink(page, true);
  assert.match(replay, /replay=\d+/);
  assert.doesNotMatch(replay, /net=/);
  for (const link of [exact, replay]) {
    const other = await open(env.b, env.url, { hash: link.slice(link.indexOf('#')) });
    assert.equal(await weights(other.page), run);
    assert.deepEqual(other.errors, []);
    await other.page.close();
  }
  // A replay too long to run on opening is refused by name, and the page still opens.
  const big = await open(env.b, env.url, { hash: '#hidden=32t,32t,32t&replay=999999' });
  assert.match(
    await big.page.textContent('#message'),
    /replay \(it retrains 999999 batches, about \d+ s here: too long/,
  );
  assert.deepEqual([...errors, ...big.errors], []);
  await big.page.close();
  await page.close();
});

/** Checks a WebM file's start: the EBML magic, then the document type "webm". */
function assertWebm(bytes) {
  assert.deepEqual([...bytes.subarray(0, 4)], [0x1a, 0x45, 0xdf, 0xa3], 'EBML magic');
  assert.ok(bytes.subarray(0, 64).includes(Buffer.from('webm')), 'DocType webm');
}

test('recording the boundary and the whole view gives WebM files, with an indicator while it runs', async () => {
  const { page, errors } = await open(env.b, env.url, { hash: '#data=xor&hidden=4t' });
  for (const what of ['boundary', 'view']) {
    await page.selectOption('#record-what', what);
    assert.equal(await page.isVisible('#rec-indicator'), false);
    await page.click('#record');
    await page.waitForSelector('#rec-indicator', { state: 'visible' }); // loaded on the first press
    assert.equal(await page.textContent('#record'), '■ Stop');
    await page.click('#play');
    await page.waitForTimeout(1600);
    assert.match(await page.textContent('#rec-time'), /^0:0[1-9]$/);
    await page.click('#play');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#record')]);
    assert.equal(await page.isVisible('#rec-indicator'), false);
    assert.match(download.suggestedFilename(), new RegExp(`^backprop-${what}-.*\\.webm$`));
    const bytes = await fs.readFile(await download.path());
    assert.ok(bytes.length > 2000, `${what}: ${bytes.length} bytes`);
    assertWebm(bytes);
    await page.waitForTimeout(200);
  }
  assert.deepEqual(errors, []);
  await page.close();
});
