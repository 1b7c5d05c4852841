import { Component } from 'preact';
import type { RatingKind } from '../../contract/rating-kinds.ts';
import type { WidgetConfig } from '../../contract/widget-config.ts';
import type { LauncherPosition } from '../config.ts';
import type { Answers } from '../delivery/payload.ts';
import type { DeliveryResult } from '../delivery/send.ts';
import type { Strings } from '../i18n/en.ts';
import { Dialog } from './Dialog.tsx';
import { Form, type Opening } from './Form.tsx';
import { Thanks } from './Thanks.tsx';

export interface PanelProps {
  strings: Strings;
  ratingKind: RatingKind;
  /** Topics to pick one of; none shows no picker. */
  categories: string[];
  email: WidgetConfig['email'];
  followUp: WidgetConfig['followUp'];
  position: LauncherPosition;
  inline: boolean;
  language: string;
  direction: 'ltr' | 'rtl';
  /** `auto` is decided by the caller from prefers-color-scheme. */
  theme: 'light' | 'dark';
  open: boolean;
  /** The latest opening (a new object each time), null before the first. */
  opening: Opening | null;
  submit: (answers: Answers) => Promise<DeliveryResult>;
  onClose: () => void;
  challenge?: Node | undefined;
}

/**
 * The feedback form in its dialog; after a sent message it thanks the visitor, and the next
 * opening starts afresh. Class components, not hooks, in the widget: preact/hooks would add
 * about 900 B gzipped to the form's bundle (measured), 6% of its budget.
 */
type Sent = { sent: 'sent' | 'queued' | null };

export class Panel extends Component<PanelProps, Sent> {
  override state: Sent = { sent: null };

  override componentDidUpdate(previous: PanelProps): void {
    if (previous.opening !== this.props.opening) this.setState({ sent: null });
  }

  override render() {
    const { strings, position, inline, language, direction, theme, open, opening, onClose, ...form } = this.props;
    const { sent } = this.state;
    return (
      <Dialog title={strings.title} closeLabel={strings.close} {...{ open, inline, position, language, direction, theme, onClose }}>
        {sent ? (
          <Thanks message={sent === 'queued' ? strings.queued : strings.thanks} />
        ) : (
          <Form
            {...form}
            strings={strings}
            opening={opening}
            inline={inline}
            onSent={(queued) => this.setState({ sent: queued ? 'queued' : 'sent' })}
          />
        )}
      </Dialog>
    );
  }
}
