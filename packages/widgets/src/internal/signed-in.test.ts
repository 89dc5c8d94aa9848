import { expect } from '@open-wc/testing';
import { onSignedInChange, setSignedIn, signedInActor } from './signed-in.js';

describe('who is signed in', () => {
  afterEach(() => setSignedIn('signed-in-test', null));

  it('tells listeners when the worker, role, centre or account changes, not each time it is said again', () => {
    let heard = 0;
    const stop = onSignedInChange(() => heard++);
    try {
      const anna = { id: 'anna', role: 'job-coach', providerId: 'warsaw', email: 'anna@example.org' };
      setSignedIn('signed-in-test', anna);
      expect(heard).to.equal(1);
      setSignedIn('signed-in-test', { ...anna }); // <cp-sync> says it again at its next status
      expect(heard, 'the same worker again').to.equal(1);
      setSignedIn('signed-in-test', { ...anna, role: 'coordinator' });
      expect(heard).to.equal(2);
      setSignedIn('signed-in-test', { ...anna, role: 'coordinator', providerId: 'omsk' });
      expect(heard).to.equal(3);
      setSignedIn('signed-in-test', { ...anna, role: 'coordinator', providerId: 'omsk', email: 'anna.lis@example.org' });
      expect(heard).to.equal(4);
      expect(signedInActor('signed-in-test')).to.deep.equal({ id: 'anna', role: 'coordinator' });
      setSignedIn('signed-in-test', null);
      expect(heard).to.equal(5);
      setSignedIn('signed-in-test', null);
      expect(heard, 'nobody, said again').to.equal(5);
    } finally {
      stop();
    }
  });
});
