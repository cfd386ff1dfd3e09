// Tiny builders for the structures apps write most (keep them thin: plain objects).

import type { Action, Instruction, OxmBasicField, OxmFieldName, OxmValue } from './types';

export function oxm(field: OxmFieldName, value: OxmValue, mask?: OxmValue): OxmBasicField {
  return mask === undefined ? { field, value } : { field, value, mask };
}

/** OFPAT_OUTPUT; maxLen defaults to OFPCML_NO_BUFFER (send the whole packet). */
export function output(port: number, maxLen = 0xffff): Action {
  return { type: 'OUTPUT', port, maxLen };
}

export function setField(field: OxmFieldName, value: OxmValue): Action {
  return { type: 'SET_FIELD', field: { field, value } };
}

export function applyActions(actions: Action[]): Instruction {
  return { type: 'APPLY_ACTIONS', actions };
}

export function writeActionsInstruction(actions: Action[]): Instruction {
  return { type: 'WRITE_ACTIONS', actions };
}

export function gotoTable(tableId: number): Instruction {
  return { type: 'GOTO_TABLE', tableId };
}
