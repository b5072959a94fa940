import { createElement, type ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { createStore, selectFrom, useStore } from './store.ts';

describe('createStore', () => {
  it('tells every listener about a change, with the new value readable at once', () => {
    const store = createStore(1);
    const seen: number[] = [];
    store.subscribe(() => seen.push(store.get()));
    store.subscribe(() => seen.push(store.get() * 10));
    store.set(2);
    store.set((previous) => previous + 1);
    expect(seen).toEqual([2, 20, 3, 30]);
  });

  it('stops telling a listener once it unsubscribed', () => {
    const store = createStore('a');
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    store.set('b');
    unsubscribe();
    store.set('c');
    expect(listener).toHaveBeenCalledTimes(1);
    expect(store.get()).toBe('c');
  });

  it('tells no one when the value set is the one it holds', () => {
    const value = { count: 1 };
    const store = createStore(value);
    const listener = vi.fn();
    store.subscribe(listener);
    store.set(value);
    store.set((previous) => previous);
    expect(listener).not.toHaveBeenCalled();
    store.set({ count: 1 }); // equal but another object: a change, as React sees it
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('hands out the same reference until the next change', () => {
    const store = createStore({ runs: [1] });
    const first = store.get();
    expect(store.get()).toBe(first);
    store.set((previous) => ({ runs: [...previous.runs, 2] }));
    expect(store.get()).not.toBe(first);
    expect(store.get()).toEqual({ runs: [1, 2] });
  });

  it('reads a lazy first value only when asked, and only once', () => {
    const load = vi.fn(() => ({ lessons: ['intro'] }));
    const store = createStore(load);
    expect(load).not.toHaveBeenCalled();
    expect(store.get()).toEqual({ lessons: ['intro'] });
    expect(store.get()).toBe(store.get());
    store.set((previous) => ({ lessons: [...previous.lessons, 'bcrypt'] }));
    expect(load).toHaveBeenCalledTimes(1);
  });
});

describe('selectFrom', () => {
  it('gives the same selection until the store changes, even from a selector that builds a new array', () => {
    const store = createStore({ stages: ['plaintext', 'bcrypt'], running: ['bcrypt'] });
    const snapshot = selectFrom(store, (value) => value.stages.filter((stage) => !value.running.includes(stage)));
    const first = snapshot();
    expect(first).toEqual(['plaintext']);
    expect(snapshot()).toBe(first);
    store.set((previous) => ({ ...previous, running: [] }));
    expect(snapshot()).toEqual(['plaintext', 'bcrypt']);
  });
});

describe('useStore', () => {
  const counter = createStore({ count: 1, label: 'runs' });

  function Whole(): ReactNode {
    const { count, label } = useStore(counter);
    return `${label}: ${count}`;
  }

  function Doubled(): ReactNode {
    return `doubled: ${useStore(counter, (value) => value.count * 2)}`;
  }

  it('renders the current value, whole or through a selector', () => {
    expect(renderToString(createElement(Whole))).toBe('runs: 1');
    expect(renderToString(createElement(Doubled))).toBe('doubled: 2');
  });

  it('renders the value set since', () => {
    counter.set((previous) => ({ ...previous, count: 5 }));
    expect(renderToString(createElement(Whole))).toBe('runs: 5');
    expect(renderToString(createElement(Doubled))).toBe('doubled: 10');
  });
});
