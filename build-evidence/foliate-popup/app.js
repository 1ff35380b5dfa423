// A minimal reading system on foliate-js (the engine of the Foliate e-reader):
// the book in a paginated view, and foliate-js's own FootnoteHandler deciding
// which links are note references and pulling the note out of its document
// into a pop-up, as the Foliate app does.
import './foliate-js/view.js'
import { FootnoteHandler } from './foliate-js/footnotes.js'

// As foliate-js's reader: footnote asides are hidden in the running text.
const CSS = `@namespace epub "http://www.idpf.org/2007/ops";
aside[epub|type~="footnote"] { display: none; }`

const view = document.getElementById('book')
const dialog = document.getElementById('note')
const footnotes = new FootnoteHandler()
footnotes.addEventListener('before-render', e => {
  const { view: noteView } = e.detail
  dialog.querySelector('foliate-view')?.remove()
  dialog.append(noteView)
})
footnotes.addEventListener('render', e => {
  const { type, hidden, href } = e.detail
  document.getElementById('note-head').textContent = `${type ?? 'link'} · ${href}${hidden ? ' · hidden in the text' : ''}`
  dialog.show()
  window.popupShown = { type, hidden, href }
})

view.addEventListener('load', () => view.renderer.setStyles?.(CSS))
view.addEventListener('link', e => footnotes.handle(view.book, e)?.catch(err => console.error(err)))

const blob = await (await fetch(new URLSearchParams(location.search).get('url'))).blob()
await view.open(new File([blob], 'book.epub', { type: 'application/epub+zip' }))
window.readerView = view
window.ready = true
