import './startup'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { initI18n } from '../i18n'
import '../ui/theme.css'
import { KioskApp } from './KioskApp'

await initI18n('zh-CN')
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <KioskApp />
  </StrictMode>,
)
