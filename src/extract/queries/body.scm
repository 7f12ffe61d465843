; Statements and expressions inside function bodies. Each pattern names one
; node kind; the Rust side checks the shape (a call with arguments, a
; comparison of a selector, an index by a selector).
(call_expression) @call
(short_var_declaration) @assign
(assignment_statement) @assign
(range_clause) @assign
(composite_literal) @composite
(comment) @comment
; De-duplication evidence: comparisons of a status field, indexes by an ID.
(binary_expression) @compare
(index_expression) @index
; Statement lists (bodies of blocks and cases), for what happens to the errors calls return.
(statement_list) @block
