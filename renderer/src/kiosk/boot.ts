// The kiosk page's entry: a small chunk that sends the home screen's requests first (early.ts),
// then loads the app. Vite preloads the app's chunks in parallel at the dynamic import.
import './early'

void import('./main')
