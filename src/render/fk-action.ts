// Referential actions as SQL spells them, for every format that labels an FK.

import type { FkAction } from '../model/catalog.js';

const sql: Record<FkAction, string> = {
  'no-action': 'NO ACTION',
  restrict: 'RESTRICT',
  cascade: 'CASCADE',
  'set-null': 'SET NULL',
  'set-default': 'SET DEFAULT',
};

export function actionSql(action: FkAction): string {
  return sql[action];
}
