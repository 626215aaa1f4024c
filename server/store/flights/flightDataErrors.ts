/** A series request naming something that does not exist; the REST layer answers 400. */
export class SeriesRequestError extends Error {
  override readonly name = 'SeriesRequestError';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}
