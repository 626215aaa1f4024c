import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

/** Keeps a rendering bug in one page from blanking the whole app: the error's sentence shows. */
export class ErrorBoundary extends Component<{ children: ReactNode; title: string }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(error, info.componentStack);
  }

  override render() {
    if (this.state.error) {
      return (
        <div className="error-message" role="alert">
          <strong>{this.props.title}</strong> {this.state.error.message}
        </div>
      );
    }
    return this.props.children;
  }
}
