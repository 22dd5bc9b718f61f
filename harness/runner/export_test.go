package runner

// PathInTree exposes pathInTree to the external tests.
var PathInTree = pathInTree
