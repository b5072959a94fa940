import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { startClassroom } from './state/classroom.ts';
import './styles.css';

// Before the first render: a resume or instructor link's credential leaves the address bar at once.
startClassroom();

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
