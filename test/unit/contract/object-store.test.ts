import { createFixedClock } from '../../../shared/kernel/clock';
import { describeObjectStoreContract } from '../../contract/object-store.contract';
import { createInMemoryObjectStore } from '../../support/in-memory';

describeObjectStoreContract('in memory', async () => {
  const clock = createFixedClock(Date.parse('2030-02-01T10:00:00.000Z'));
  const store = createInMemoryObjectStore(clock);
  return { store, download: (url) => store.download(url), advanceSeconds: (seconds) => clock.advance(seconds * 1000) };
});
