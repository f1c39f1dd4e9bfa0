import type { Modal } from '../hooks/app-reducer.js';
import { fit } from '../format/format-cell.js';
import { Text } from '../terminal/ink-runtime.js';
import { TEXT } from '../text.js';
import { useTheme } from '../theme/theme-context.js';
import { Panel } from './panel.js';

export interface PickViewProps {
  readonly modal: Extract<Modal, { kind: 'pick' }>;
  readonly width: number;
  readonly height: number;
}

/** A list to pick from instead of typing ids: the highlighted row is marked and inverse, marked rows show [x]. */
export function PickView({ modal, width, height }: PickViewProps) {
  const { glyphs } = useTheme();
  const inner = width - 2;
  const rows = Math.max(1, height - 2);
  const top = Math.max(0, Math.min(modal.cursor - Math.floor(rows / 2), modal.options.length - rows));
  const shown = modal.options.slice(top, top + rows);
  return (
    <Panel title={modal.title} width={width} height={height}>
      {modal.options.length === 0 ? <Text>{fit(` ${TEXT.pick.empty}`, inner)}</Text> : null}
      {shown.map((option, i) => {
        const index = top + i;
        const selected = index === modal.cursor;
        const mark = modal.multiple ? (modal.marked.includes(option.id) ? '[x] ' : '[ ] ') : '';
        return (
          <Text key={option.id} wrap="truncate" inverse={selected}>
            {fit(`${selected ? glyphs.cursor : ' '} ${mark}${option.label}`, inner, glyphs.ellipsis)}
          </Text>
        );
      })}
    </Panel>
  );
}
