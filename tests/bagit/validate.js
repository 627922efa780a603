// tests/bagit/validate.js — validate an unpacked BagIt bag with bagit-tools
// (an independent npm implementation; tests/integration/test_bagit.sh).
// Usage: node validate.js BAG_DIR
// Prints VALID or INVALID and each failed check; exit 0 when valid, 1 when
// invalid, 2 when the validator itself could not run.
'use strict'
const path = require('path')
const verify = require('bagit-tools').verify

const dir = process.argv[2]
if (!dir) {
  console.error('usage: node validate.js BAG_DIR')
  process.exit(2)
}
// bagit-tools checks BagIt-Version against opts.version (its default is 0.97).
verify(path.resolve(dir), { version: '1.0', test: true }, (err, valid, results) => {
  if (err) {
    console.error('validator error: ' + (err.message || err))
    process.exit(2)
  }
  const asserts = results.filter((r) => r.type === 'assert')
  for (const r of asserts) {
    if (!r.ok) console.log('FAILED: ' + r.name + (r.actual !== undefined ? ' (' + JSON.stringify(r.actual) + ')' : ''))
  }
  console.log((valid ? 'VALID' : 'INVALID') + ' (' + asserts.length + ' checks)')
  process.exit(valid ? 0 : 1)
})
