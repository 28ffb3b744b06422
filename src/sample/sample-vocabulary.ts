/**
 * The owner and vocabulary (categories, custom fields, user fields) that every generated package
 * targets. The lead seeds the admin user's vocabulary with `sampleVocabulary`, so the shipped
 * examples and generated samples import against it without unknown-category errors.
 */
import type { DefinitionOwner, UserVocabulary } from '../format/target-definition.js';

export const sampleOwner = {
  userName: 'admin',
  firstName: 'System',
  lastName: 'Administrator',
} as const satisfies DefinitionOwner;

export const sampleVocabulary: UserVocabulary = {
  categories: ['Client', 'Prospect', 'VIP', 'Referral Source', 'Newsletter'],
  customFields: [
    { name: 'Industry', type: 'text' },
    { name: 'Risk Profile', type: 'choice', options: ['Low', 'Medium', 'High'] },
  ],
  userFields: [{ name: 'Last Review', type: 'date' }],
};

/**
 * Every generated date (birth dates, note dates, createdAt) is relative to this fixed instant,
 * so a given seed always produces the same bytes and no date can drift into the future.
 */
export const SAMPLE_REFERENCE_DATE = new Date('2025-01-15T09:00:00.000Z');
