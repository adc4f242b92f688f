import { WsdlContract } from './wsdl-contract';

/** The judge itself: it must fail what the published types refuse, or the contract tests prove nothing. */
const md = new WsdlContract('metadata');
const tooling = new WsdlContract('tooling');

describe('WsdlContract (the WSDL-derived types of @salesforce/types, read by the TypeScript checker)', () => {
  const result = {
    done: 'true',
    id: '0Af000000000001AAA',
    state: 'Queued'
  };
  it('accepts a conforming SOAP answer, one element standing for a one-item array', () => {
    expect(md.check('AsyncResult', result, { encoding: 'xml' })).toEqual([]);
    expect(
      md.check(
        'DescribeMetadataResult',
        {
          metadataObjects: {
            directoryName: 'classes',
            inFolder: 'false',
            metaFile: 'true',
            xmlName: 'ApexClass'
          },
          organizationNamespace: '',
          partialSaveAllowed: 'true',
          testRequired: 'false'
        },
        { encoding: 'xml' }
      )
    ).toEqual([]);
  });
  it('names an unknown property, a missing required one, an enumeration value out of range and a bad scalar', () => {
    expect(md.check('AsyncResult', { ...result, extra: 'x' }, { encoding: 'xml' })).toEqual([
      'AsyncResult.extra: not a property of the type'
    ]);
    const { id: _id, ...noId } = result;
    void _id;
    expect(md.check('AsyncResult', noId, { encoding: 'xml' })).toEqual(['AsyncResult.id: required, missing']);
    expect(md.check('AsyncResult', { ...result, state: 'Sleeping' }, { encoding: 'xml' })).toEqual([
      'AsyncResult.state: not a value of the enumeration'
    ]);
    expect(md.check('AsyncResult', { ...result, done: 'yes' }, { encoding: 'xml' })).toEqual([
      'AsyncResult.done: expected a boolean'
    ]);
    expect(md.check('AsyncResult', { ...result, done: 'true' }, { encoding: 'json' })).toEqual([
      'AsyncResult.done: expected a boolean'
    ]);
    expect(md.check('NoSuchType', {}, { encoding: 'json' })).toEqual([
      'NoSuchType: no such type in metadata.d.ts'
    ]);
  });
  it('checks nested types, arrays and dateTimes; partial skips the required check; documented adds a field', () => {
    const message = {
      changed: 'true',
      created: 'false',
      createdDate: 'yesterday',
      deleted: 'false',
      fileName: 'x',
      fullName: 'x',
      success: 'true'
    };
    expect(md.check('DeployMessage', message, { encoding: 'xml' })).toEqual([
      'DeployMessage.createdDate: expected an xsd:dateTime or xsd:date'
    ]);
    expect(
      tooling.check('ApexClass', { Name: 'A', ApiVersion: 63 }, { encoding: 'json', partial: true })
    ).toEqual([]);
    expect(tooling.check('ApexClass', { Name: 'A', Nope: 1 }, { encoding: 'json', partial: true })).toEqual([
      'ApexClass.Nope: not a property of the type'
    ]);
    expect(tooling.check('ApexClass', { Name: 'A' }, { encoding: 'json' }).length).toBeGreaterThan(0);
    const policy = { archiveAfterMonths: '6', archiveRetentionYears: '5', gracePeriodDays: '0' };
    expect(md.check('HistoryRetentionPolicy', policy, { encoding: 'xml' })).toEqual([
      'HistoryRetentionPolicy.gracePeriodDays: not a property of the type'
    ]);
    expect(
      md.check('HistoryRetentionPolicy', policy, {
        encoding: 'xml',
        documented: { HistoryRetentionPolicy: ['gracePeriodDays'] }
      })
    ).toEqual([]);
    expect(tooling.enumValues('ExceptionCode')).toEqual(
      expect.arrayContaining(['INVALID_TYPE', 'MALFORMED_QUERY'])
    );
  });
});
