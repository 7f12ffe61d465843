; Statements and expressions inside function bodies.
(call_expression
  function: [(selector_expression) (identifier) (parenthesized_expression)]
  arguments: (argument_list . (_))) @call
(short_var_declaration) @assign
(assignment_statement) @assign
(range_clause) @assign
(composite_literal
  body: (literal_value)) @composite
(comment) @comment
; De-duplication evidence: comparisons of a status field, indexes by an ID.
(binary_expression
  left: (selector_expression)) @compare
(binary_expression
  right: (selector_expression)) @compare
(index_expression
  index: (selector_expression)) @index
; Statement lists (bodies of blocks and cases), for what happens to the errors calls return.
(statement_list) @block
