import { describe, expect, it } from 'vitest';
import { classifyKey } from '../../../src/shared/pii/classify-key.js';

describe('classifyKey', () => {
  it.each([
    ['password', 'secret'],
    ['DATABASE_URL', 'secret'],
    ['x-api-key', 'secret'],
    ['pin', 'secret'],
    ['citizen_id', 'personal-id'],
    ['idCitizen', 'personal-id'],
    ['nationalId', 'personal-id'],
    ['candidate_national_id', 'personal-id'],
    ['passportNumber', 'personal-id'],
    ['CURP', 'personal-id'],
    ['rfc', 'personal-id'],
    ['phone', 'phone'],
    ['mobile_phone', 'phone'],
    ['telefono', 'phone'],
    ['email', 'email'],
    ['contactEmail', 'email'],
    ['correo', 'email'],
  ])('classifies %s as %s', (key, expected) => {
    // Act
    const kind = classifyKey(key);

    // Assess
    expect(kind).toBe(expected);
  });

  it.each([
    ['candidateId'],
    ['leadId'],
    ['id'],
    ['document_id'],
    ['rfcValidated'],
    ['keyboard'],
    [''],
  ])('leaves %j alone', (key) => {
    // Act
    const kind = classifyKey(key);

    // Assess
    expect(kind).toBeUndefined();
  });

  it('honours extra secret and personal-id keys, compared like the built-in ones', () => {
    // Act
    const secret = classifyKey('badge_code', { secret: ['BADGE-CODE'] });
    const id = classifyKey('employee-number', { personalId: ['employeeNumber'] });

    // Assess
    expect(secret).toBe('secret');
    expect(id).toBe('personal-id');
  });
});
