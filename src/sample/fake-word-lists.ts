/**
 * Word lists and weights for fake contacts. The counts give the per-contact averages the sample
 * package promises: ≈1.05 addresses, 1.2 phones, 0.9 emails, 0.3 notes and 0.5 categories.
 */
import type { ContactStatus } from './fake-contacts.js';

export const statusWeights: { value: ContactStatus; weight: number }[] = [
  { value: 'active', weight: 70 },
  { value: 'prospect', weight: 15 },
  { value: 'inactive', weight: 10 },
  { value: 'former', weight: 5 },
];

export const industries = [
  'Financial Services',
  'Manufacturing',
  'Retail',
  'Healthcare',
  'Technology',
  'Real Estate',
  'Legal Services',
  'Hospitality',
  'Construction',
  'Education',
  'Agriculture',
  'Logistics',
];
export const riskProfiles = ['Low', 'Medium', 'High'];
export const noteSubjects = [
  'Annual review',
  'Portfolio check-in',
  'Phone call',
  'Meeting follow-up',
  'Referral',
  'Address change',
  'Onboarding',
];
export const noteActions = [
  'Called to discuss',
  'Met to review',
  'Emailed about',
  'Left a voicemail about',
  'Sent documents for',
];
export const noteTopics = [
  'retirement planning',
  'the quarterly review',
  'a new savings account',
  'estate planning',
  'the mortgage renewal',
  'insurance coverage',
  'tax documents',
  'the college fund',
  'a change of beneficiary',
  'fees, charges and statements',
];
export const noteFollowUps = [
  'Follow up next month.',
  'Prefers email, not phone.',
  'Asked for a call back after 5 pm.',
  'Spouse to join the next meeting.',
  'Wants the "premium" package details.',
  'Send the brochure; mention the 2% discount.',
];

/** How many children of a kind a contact gets: `weights[i]` is the chance (in %) of getting i. */
export const countWeights = (...weights: number[]) =>
  weights.map((weight, count) => ({ weight, value: count }));
export const addressCounts = countWeights(10, 75, 15); // ≈ 1.05 per contact
export const phoneCounts = countWeights(15, 50, 35); // ≈ 1.2
export const emailCounts = countWeights(20, 70, 10); // ≈ 0.9
export const noteCounts = countWeights(80, 10, 10); // ≈ 0.3
export const categoryCounts = countWeights(60, 30, 10); // ≈ 0.5
