import { expect } from '@open-wc/testing';
import { configuredServer } from './configured-server.js';

describe('configuredServer', () => {
  afterEach(() => document.head.querySelector('meta[name="casepath-server"]')?.remove());

  it('is the attribute, else the page’s meta tag, else none; a base to put /api/… after, without a trailing slash', () => {
    expect(configuredServer(null)).to.equal(null);
    expect(configuredServer('')).to.equal('');
    expect(configuredServer('https://casepath.example.org/')).to.equal('https://casepath.example.org');
    expect(configuredServer('https://example.org/casepath//')).to.equal('https://example.org/casepath');
    const meta = Object.assign(document.createElement('meta'), { name: 'casepath-server', content: 'https://casepath.example.org/' });
    document.head.append(meta);
    expect(configuredServer(null)).to.equal('https://casepath.example.org');
    expect(configuredServer('https://other.example.org'), 'the attribute first').to.equal('https://other.example.org');
  });
});
