/** The DealmathError a promise rejects with; anything else (or no rejection) fails the test. */
import { DealmathError } from '../../src/model/errors.js';

export async function errorOf(promise: Promise<unknown>): Promise<DealmathError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DealmathError) return error;
    throw error;
  }
  throw new Error('expected a DealmathError');
}
