/** asl-validator 4 (CommonJS, no types): validates an Amazon States Language definition. */
declare module 'asl-validator' {
  interface ValidationResult {
    readonly isValid: boolean;
    readonly errors: readonly { readonly 'Error code': string; readonly Message: string }[];
    errorsText(separator?: string): string;
  }
  export default function validator(definition: unknown, options?: { checkPaths?: boolean; checkArn?: boolean }): ValidationResult;
}
