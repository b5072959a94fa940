/**
 * The one pattern for state that lives outside components (runs that go on while the learner
 * changes page, progress kept in localStorage, each stage's lab state): a value, a way to
 * replace it, and listeners told when it changed. Components read it through `useStore`.
 */
import { useMemo, useSyncExternalStore } from 'react';

export interface Store<T> {
  /** The current value: the same reference until the next change, as React requires of a snapshot. */
  get(): T;
  /** Replaces the value; listeners hear of it only if the new value is a different one. */
  set(update: T | ((previous: T) => T)): void;
  subscribe(listener: () => void): () => void;
}

/**
 * A store holding `initial`. Passing a function defers reading the first value until someone
 * asks for it (progress reads localStorage then, not when the module loads). `T` itself must
 * not be a function: `set` would take it for an updater.
 */
export function createStore<T>(initial: T | (() => T)): Store<T> {
  let value: { current: T } | undefined = typeof initial === 'function' ? undefined : { current: initial };
  const listeners = new Set<() => void>();

  function get(): T {
    value ??= { current: (initial as () => T)() };
    return value.current;
  }

  function set(update: T | ((previous: T) => T)): void {
    const next = typeof update === 'function' ? (update as (previous: T) => T)(get()) : update;
    if (Object.is(next, get())) return;
    value = { current: next };
    for (const listener of listeners) listener();
  }

  function subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  return { get, set, subscribe };
}

/**
 * A snapshot function for React: the part of the store's value `select` picks, worked out once
 * per store value. A selector that builds a new array or object would otherwise hand React a
 * new snapshot on every read, and React would render again and again.
 */
export function selectFrom<T, S>(store: Store<T>, select: (value: T) => S): () => S {
  let last: { value: T; selected: S } | undefined;
  return () => {
    const value = store.get();
    if (last === undefined || !Object.is(last.value, value)) last = { value, selected: select(value) };
    return last.selected;
  };
}

function whole<T>(value: T): T {
  return value;
}

/**
 * The store's value, or the part `select` picks, re-rendering the component when it changes.
 * An inline selector is a new function on each render, so it runs again then; between renders
 * React reads one cached result.
 */
export function useStore<T>(store: Store<T>): T;
export function useStore<T, S>(store: Store<T>, select: (value: T) => S): S;
export function useStore<T, S>(store: Store<T>, select: (value: T) => S = whole as (value: T) => S): S {
  const snapshot = useMemo(() => selectFrom(store, select), [store, select]);
  // Rendering to a string (the tests) reads the same snapshot: the value is the same there.
  return useSyncExternalStore(store.subscribe, snapshot, snapshot);
}
