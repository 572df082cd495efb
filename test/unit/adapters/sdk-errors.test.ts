import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { isTransactionConflict, translateErrors } from '../../../shared/adapters/dynamodb/sdk-errors';
import { transactWrite } from '../../../shared/adapters/dynamodb/transact-write';
import { ConflictError } from '../../../shared/kernel/errors';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const mock = mockClient(documentClient);
const meta = { $metadata: {} };

describe('Function: translateErrors', () => {
  beforeEach(() => mock.reset());

  it('turns throttling into DependencyUnavailableError (503), keeping the cause', async () => {
    const throttled = new ProvisionedThroughputExceededException({ message: 'slow down', ...meta });
    mock.on(GetCommand).rejects(throttled);
    await expect(translateErrors(() => documentClient.send(new GetCommand({ TableName: 't', Key: { pk: 'a' } })))).rejects.toMatchObject({
      name: 'DependencyUnavailableError',
      kind: 'unavailable',
      cause: throttled,
    });
  });

  it('turns a refused connection into DependencyUnavailableError', async () => {
    mock.on(GetCommand).rejects(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' }));
    await expect(translateErrors(() => documentClient.send(new GetCommand({ TableName: 't', Key: { pk: 'a' } })))).rejects.toMatchObject({
      kind: 'unavailable',
    });
  });

  it('turns a failed condition into the error the caller names', async () => {
    mock.on(GetCommand).rejects(new ConditionalCheckFailedException({ message: 'no', ...meta }));
    await expect(
      translateErrors(
        () => documentClient.send(new GetCommand({ TableName: 't', Key: { pk: 'a' } })),
        () => new ConflictError('taken', 'taken'),
      ),
    ).rejects.toMatchObject({ code: 'taken' });
  });

  it('re-throws what it does not recognise', async () => {
    const odd = new Error('something else');
    mock.on(GetCommand).rejects(odd);
    await expect(translateErrors(() => documentClient.send(new GetCommand({ TableName: 't', Key: { pk: 'a' } })))).rejects.toBe(odd);
  });

  it('treats a transaction cancelled by a conflicting transaction as unavailable (retry), not as a failed condition', async () => {
    mock.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'x',
        CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }],
        ...meta,
      }),
    );
    await expect(
      translateErrors(
        () => documentClient.send(new TransactWriteCommand({ TransactItems: [] })),
        () => new ConflictError('no', 'no'),
      ),
    ).rejects.toMatchObject({ kind: 'unavailable' });
  });
});

describe('Function: isTransactionConflict', () => {
  const conflict = new TransactionCanceledException({
    message: 'x',
    CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }],
    ...meta,
  });

  it('recognises a conflict in the SDK error and in the 503 translateErrors made of it', async () => {
    mock.on(TransactWriteCommand).rejects(conflict);
    const translated = await translateErrors(() => documentClient.send(new TransactWriteCommand({ TransactItems: [] }))).catch(
      (error: unknown) => error,
    );
    expect(isTransactionConflict(conflict)).toBe(true);
    expect(isTransactionConflict(translated)).toBe(true);
  });

  it('does not take throttling or a failed condition for a conflict', () => {
    expect(
      isTransactionConflict(
        new TransactionCanceledException({
          message: 'x',
          CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'ThrottlingError' }],
          ...meta,
        }),
      ),
    ).toBe(false);
    expect(isTransactionConflict(new ProvisionedThroughputExceededException({ message: 'slow', ...meta }))).toBe(false);
  });
});

describe('Function: transactWrite', () => {
  beforeEach(() => mock.reset());

  it('puts items of streamed tables first and maps failed conditions back to the caller order', async () => {
    mock.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'x',
        CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
        ...meta,
      }),
    );
    let failed: number[] = [];
    await expect(
      transactWrite(
        documentClient,
        [{ Put: { TableName: 'control', Item: { pk: 'a' } } }, { Put: { TableName: 'audit', Item: { pk: 'b' } } }],
        {
          streamedTables: new Set(['audit']),
          onConditionFailed: (indexes) => {
            failed = indexes;
            return new ConflictError('no', 'no');
          },
        },
      ),
    ).rejects.toBeInstanceOf(ConflictError);
    const sent = mock.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(sent.map((item) => item.Put?.TableName)).toEqual(['audit', 'control']);
    expect(failed).toEqual([0]);
  });
});
