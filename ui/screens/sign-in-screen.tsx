import { Box, Text } from '../terminal/ink-runtime.js';
import type { ViewerInfo } from '../../src/api/views.js';
import { Panel } from '../components/panel.js';
import { fit } from '../format/format-cell.js';
import type { Modal } from '../hooks/app-reducer.js';
import { TEXT } from '../text.js';
import { useTheme } from '../theme/theme-context.js';

export interface SignInScreenProps {
  readonly width: number;
  readonly height: number;
  readonly viewer: ViewerInfo;
  readonly office: string;
  readonly operatorId: string;
  readonly modal: Modal | null;
  readonly sending: boolean;
  /** Where this console reached the station: said so a wrong home or socket is seen before signing in. */
  readonly where?: string;
}

/** Operator ID and PIN; the PIN is never echoed, only counted in dots. */
export function SignInScreen({ width, height, viewer, office, operatorId, modal, sending, where }: SignInScreenProps) {
  const { glyphs } = useTheme();
  const boxWidth = Math.min(width, 56);
  const typing = modal?.kind === 'input' && modal.purpose === 'sign-in' ? modal : null;
  const onPin = typing?.secret === true;
  const idValue = typing && !onPin ? typing.value : operatorId;
  const pinValue = onPin ? glyphs.pinDot.repeat(typing.value.length) : '';
  const inner = boxWidth - 4;
  const field = (label: string, value: string, active: boolean) => (
    <Text wrap="truncate">
      {' '}
      <Text bold>{fit(label, 12)}</Text>
      <Text inverse={active}>{fit(`${value}${active ? glyphs.textCursor : ''}`, inner - 13)}</Text>
    </Text>
  );
  return (
    <Box width={width} height={height} flexDirection="column" alignItems="center" paddingTop={Math.max(0, Math.floor((height - 10) / 2))}>
      <Panel title={`${TEXT.signIn.title}  ${office}`} width={boxWidth} height={9}>
        <Text> </Text>
        {field(TEXT.signIn.operatorId, idValue, typing !== null && !onPin)}
        {field(TEXT.signIn.pin, pinValue, onPin)}
        <Text> </Text>
        <Text wrap="truncate">{fit(` ${sending ? TEXT.signIn.sending : TEXT.signIn.hint}`, boxWidth - 2, glyphs.ellipsis)}</Text>
        <Text wrap="truncate">{fit(viewer.role === 'technician' ? ` ${TEXT.signIn.technician}` : '', boxWidth - 2, glyphs.ellipsis)}</Text>
      </Panel>
      {where ? <Text wrap="truncate">{fit(where, width, glyphs.ellipsis)}</Text> : null}
    </Box>
  );
}
