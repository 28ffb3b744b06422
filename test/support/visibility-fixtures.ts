import { sampleVocabulary } from '../../src/sample/sample-vocabulary.js';
import type { Team } from '../../src/teams/team-service.js';
import { apiAs } from './api-client.js';
import { adminPassword, type TestServer } from './test-server.js';

/**
 * The people of the visibility tests: ann (who imports, with the sample vocabulary) shares the
 * team Advisors with cat; bob is in Others, so nothing of his may ever reach ann.
 */
export async function seedAnnCatAndBob(server: TestServer) {
  const admin = apiAs(server, await server.login('admin', adminPassword));
  const annCookie = await server.addUser('ann', ['ImportProcessView', 'ImportProcessManage']);
  const ann = apiAs(server, annCookie);
  const bob = apiAs(server, await server.addUser('bob', []));
  const cat = apiAs(server, await server.addUser('cat', []));
  const annUser = (await server.app.repositories.users.findByUserName('ann'))!;
  await server.app.repositories.users.replaceVocabulary(annUser.id, sampleVocabulary);
  const { body: advisors } = await admin.post<Team>('/api/teams', { name: 'Advisors' });
  await admin.post(`/api/teams/${advisors.id}/members/ann`);
  await admin.post(`/api/teams/${advisors.id}/members/cat`);
  const { body: others } = await admin.post<Team>('/api/teams', { name: 'Others' });
  await admin.post(`/api/teams/${others.id}/members/bob`);
  return { admin, ann, annCookie, annUser, bob, cat, advisors, others };
}
