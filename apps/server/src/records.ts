/**
 * Made-up patient records: the data behind the login. Every name, date and diagnosis here is
 * fictional; they stand in for the health data a real breach would expose.
 */
export interface PatientRecord {
  id: string;
  patient: string;
  dateOfBirth: string;
  condition: string;
  lastVisit: string;
}

const FICTIONAL_RECORDS: readonly PatientRecord[] = [
  { id: 'rec-1001', patient: 'Avery Quill', dateOfBirth: '1984-03-12', condition: 'Seasonal allergies', lastVisit: '2026-09-02' },
  { id: 'rec-1002', patient: 'Jordan Bellweather', dateOfBirth: '1979-11-30', condition: 'Type 2 diabetes', lastVisit: '2026-10-14' },
  { id: 'rec-1003', patient: 'Sam Okonkwo-Lind', dateOfBirth: '1995-06-21', condition: 'Sprained ankle', lastVisit: '2026-08-27' },
  { id: 'rec-1004', patient: 'Riley Fenwick', dateOfBirth: '1962-01-08', condition: 'Hypertension', lastVisit: '2026-11-03' },
  { id: 'rec-1005', patient: 'Morgan Ashdown', dateOfBirth: '2001-09-17', condition: 'Asthma', lastVisit: '2026-07-19' },
];

export interface RecordsResponse {
  user: string;
  records: readonly PatientRecord[];
}

export function recordsFor(username: string): RecordsResponse {
  return { user: username, records: FICTIONAL_RECORDS };
}
