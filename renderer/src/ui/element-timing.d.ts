// The Element Timing API's attribute (https://wicg.github.io/element-timing/), not yet in
// React's DOM types: the kiosk-ui benchmark reads when the home tiles were painted.
import 'react'

declare module 'react' {
  // Merged declarations must repeat React's type parameter, used or not.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface HTMLAttributes<T> {
    elementtiming?: string
  }
}
