import { describe, expect, it } from '@jest/globals';
import { chronologyDate, derivedEventId, parseMapping } from './csv-chronology';

describe('chronology spreadsheets', () => {
  it.each([
    ['11/03/2014', '2014-03-11'],
    ['1/3/2014', '2014-03-01'],
    ['2014-03-11', '2014-03-11'],
    [' 2014-03-11 ', '2014-03-11'],
    ['March 2014', 'March 2014'],
  ])('reads the date %p as %p (day first, as UK spreadsheets write it)', (value, expected) => {
    expect(chronologyDate(value)).toBe(expected);
  });

  it('derives the same UUID for the same row reference, and another for another', () => {
    const id = derivedEventId('hv\nfile.csv\nHV-14');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(derivedEventId('hv\nfile.csv\nHV-14')).toBe(id);
    expect(derivedEventId('hv\nfile.csv\nHV-15')).not.toBe(id);
  });

  it('reads a column mapping, and refuses one without date and text or with unknown keys', () => {
    expect(parseMapping('date=Date,text=Entry,category=Type')).toEqual({ date: 'Date', text: 'Entry', category: 'Type' });
    expect(() => parseMapping('text=Entry')).toThrow('date=<column>');
    expect(() => parseMapping('date=D,text=T,colour=C')).toThrow('Unknown mapping keys: colour');
  });
});
