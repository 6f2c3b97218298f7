/** publish refused to run: the message says what is wrong and how to proceed. Nothing was written. */
export class PublishError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PublishError";
  }
}
