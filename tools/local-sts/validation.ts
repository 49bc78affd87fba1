/**
 * Parameter validation with STS's message format:
 * "1 validation error detected: Value 'x' at 'roleSessionName' failed to
 * satisfy constraint: Member must have length greater than or equal to 2".
 * Lengths count Unicode code points, as STS does.
 */
import { validationError } from './errors';

/** Constraints of a string parameter. */
export interface StringRule {
  required?: boolean;
  min?: number;
  max?: number;
  /** Anchored test of the whole value. */
  pattern?: RegExp;
  /** The pattern as STS prints it in the message. */
  patternText?: string;
}

/** Constraints of an integer parameter. */
export interface IntegerRule {
  min: number;
  max: number;
}

/** `RoleSessionName` → `roleSessionName`; `PolicyArns.member.1.arn` → `policyArns.1.member.arn`, as STS names a list's member. */
function memberName(param: string): string {
  const listMember = /^(\w+)\.member\.(\d+)\.(\w+)$/.exec(param);
  if (listMember) return `${memberName(listMember[1])}.${listMember[2]}.member.${listMember[3]}`;
  return param[0].toLowerCase() + param.slice(1);
}

/** Collects every violation of one request, then reports them together. */
export class Validator {
  private readonly problems: string[] = [];

  constructor(private readonly params: ReadonlyMap<string, string>) {}

  /** Returns the parameter if present (valid or not). */
  string(name: string, rule: StringRule): string | undefined {
    const value = this.params.get(name);
    const at = `at '${memberName(name)}' failed to satisfy constraint: Member must`;
    if (value === undefined) {
      if (rule.required) this.problems.push(`Value null ${at} not be null`);
      return undefined;
    }
    const length = [...value].length;
    const shown = `Value '${value}' ${at}`;
    if (rule.pattern && !rule.pattern.test(value)) {
      this.problems.push(`${shown} satisfy regular expression pattern: ${rule.patternText}`);
    }
    if (rule.min !== undefined && length < rule.min) {
      this.problems.push(`${shown} have length greater than or equal to ${rule.min}`);
    }
    if (rule.max !== undefined && length > rule.max) {
      this.problems.push(`${shown} have length less than or equal to ${rule.max}`);
    }
    return value;
  }

  /** Returns the integer if present and well-formed. */
  integer(name: string, rule: IntegerRule): number | undefined {
    const text = this.params.get(name);
    if (text === undefined) return undefined;
    const at = `Value '${text}' at '${memberName(name)}' failed to satisfy constraint: Member must`;
    if (!/^-?\d{1,15}$/.test(text)) {
      this.problems.push(`${at} be a valid integer`);
      return undefined;
    }
    const value = Number(text);
    if (value < rule.min) this.problems.push(`${at} have value greater than or equal to ${rule.min}`);
    if (value > rule.max) this.problems.push(`${at} have value less than or equal to ${rule.max}`);
    return value;
  }

  /**
   * `PolicyArns.member.N.arn`, in N's order: each 20 to 2048 characters, at most ten in all, as
   * STS's model says. STS reports a missing member before its value, so a gap in N is refused too.
   */
  policyArns(): readonly string[] | undefined {
    const members = [...this.params]
      .map(([name, value]) => ({ index: /^PolicyArns\.member\.(\d+)\.arn$/.exec(name)?.[1], value }))
      .filter((member): member is { index: string; value: string } => member.index !== undefined)
      .sort((a, b) => Number(a.index) - Number(b.index));
    if (members.length === 0) return undefined;
    members.forEach((member, position) => {
      if (Number(member.index) !== position + 1) this.problems.push(`Value null at 'policyArns.${position + 1}.member' failed to satisfy constraint: Member must not be null`);
      this.string(`PolicyArns.member.${member.index}.arn`, { min: 20, max: 2048 });
    });
    if (members.length > 10) {
      this.problems.push(`Value '[${members.map((member) => member.value).join(', ')}]' at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to 10`);
    }
    return members.map((member) => member.value);
  }

  /** Throws `ValidationError` listing every problem found, if any. */
  check(): void {
    const n = this.problems.length;
    if (n === 0) return;
    throw validationError(`${n} validation error${n === 1 ? '' : 's'} detected: ${this.problems.join('; ')}`);
  }
}

/** `RoleSessionName`, `SourceIdentity`: `[\w+=,.@-]*`. */
export const NAME_PATTERN: StringRule = { pattern: /^[\w+=,.@-]*$/, patternText: '[\\w+=,.@-]*' };
/** `SerialNumber`: `[\w+=/:,.@-]*`, 9 to 256 characters. */
export const SERIAL_NUMBER_RULE: StringRule = { min: 9, max: 256, pattern: /^[\w+=/:,.@-]*$/, patternText: '[\\w+=/:,.@-]*' };
/** `TokenCode`: exactly six digits. */
export const TOKEN_CODE_RULE: StringRule = { min: 6, max: 6, pattern: /^\d*$/, patternText: '[\\d]*' };
