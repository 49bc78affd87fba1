import * as assert from 'node:assert/strict';
import { DisposableStore } from '../../../src/core/vocabulary/disposableStore';

/** A disposable that writes its name to `log` each time it is disposed, and throws if told to. */
function tracked(log: string[], name: string, throws?: Error) {
  return {
    dispose() {
      log.push(name);
      if (throws) throw throws;
    },
  };
}

describe('DisposableStore', () => {
  it('returns what it was given, so a field is assigned and registered on one line', () => {
    const store = new DisposableStore();
    const disposable = tracked([], 'a');
    assert.equal(store.add(disposable), disposable);
  });

  it('disposes everything once, newest first', () => {
    const log: string[] = [];
    const store = new DisposableStore();
    store.add(tracked(log, 'first'));
    store.add(tracked(log, 'second'));
    store.add(tracked(log, 'third'));
    assert.equal(store.isDisposed, false);
    store.dispose();
    assert.deepEqual(log, ['third', 'second', 'first']);
    assert.equal(store.isDisposed, true);
    store.dispose();
    assert.deepEqual(log, ['third', 'second', 'first'], 'a second dispose() does nothing');
  });

  it('disposes what is added after it was disposed at once', () => {
    const log: string[] = [];
    const store = new DisposableStore();
    store.dispose();
    const late = tracked(log, 'late');
    assert.equal(store.add(late), late);
    assert.deepEqual(log, ['late']);
    store.dispose();
    assert.deepEqual(log, ['late'], 'and never again');
  });

  it('disposes the others when one throws, then throws its error', () => {
    const log: string[] = [];
    const store = new DisposableStore();
    const failure = new Error('broken');
    store.add(tracked(log, 'a'));
    store.add(tracked(log, 'b', failure));
    store.add(tracked(log, 'c'));
    assert.throws(() => store.dispose(), (error) => error === failure);
    assert.deepEqual(log, ['c', 'b', 'a']);
    assert.equal(store.isDisposed, true);
  });

  it('collects the errors of several that throw into one AggregateError', () => {
    const log: string[] = [];
    const store = new DisposableStore();
    const first = new Error('one');
    const second = new Error('two');
    store.add(tracked(log, 'a', first));
    store.add(tracked(log, 'b'));
    store.add(tracked(log, 'c', second));
    assert.throws(
      () => store.dispose(),
      (error) => error instanceof AggregateError && error.errors.length === 2 && error.errors[0] === second && error.errors[1] === first,
    );
    assert.deepEqual(log, ['c', 'b', 'a']);
  });

  it('throws the error of one added after it was disposed, having disposed it', () => {
    const log: string[] = [];
    const store = new DisposableStore();
    store.dispose();
    const failure = new Error('late and broken');
    assert.throws(() => store.add(tracked(log, 'late', failure)), (error) => error === failure);
    assert.deepEqual(log, ['late']);
  });
});
