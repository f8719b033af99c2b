Feature: Hostile input
  konform's simulators stand in for national registries that a vendor's system calls all
  night, and `konform validate` reads whatever a vendor's system wrote. Neither may be
  taken down, made to read local files or to expand entities, or be made to store a
  record by input that is not a valid message.

  Each attack is built from a message the endpoint accepts (konform.hardening.attacks), so
  the attack is the only thing wrong with it. For every row: the answer is a specific
  fault (a 5xx only as a well-formed SOAP fault), the registry's store as its control API
  shows it is unchanged, and the next valid message is accepted. A truncated upload (a
  Content-Length longer than the bytes sent, then the connection closed) gets no answer on
  the wire; its fault is the one the simulator recorded.

  @sim-only
  Rule: Every simulator endpoint answers hostile input with a specific fault, stores nothing and keeps serving

    Scenario Outline: <endpoint> refuses <attack> with a specific fault and keeps serving
      Given the endpoint "<endpoint>"
      And the attack "<attack>" on a valid message
      When the attack is sent
      Then the answer is <answer> naming "<fragment>"
      And the endpoint stored nothing from it
      And the endpoint still accepts the next valid message

      Examples: SPOR web service
        | endpoint                                | attack               | answer   | fragment                                                                       |
        | SPOR postRegistration (mTLS)            | malformed XML        | HTTP 500 | soap:Client: not well-formed XML                                               |
        | SPOR postRegistration (mTLS)            | DTD                  | HTTP 500 | soap:Client: DTDs and entity declarations are not allowed                      |
        | SPOR postRegistration (mTLS)            | internal entity      | HTTP 500 | soap:Client: DTDs and entity declarations are not allowed                      |
        | SPOR postRegistration (mTLS)            | external entity      | HTTP 500 | soap:Client: DTDs and entity declarations are not allowed                      |
        | SPOR postRegistration (mTLS)            | billion laughs       | HTTP 500 | soap:Client: DTDs and entity declarations are not allowed                      |
        | SPOR postRegistration (mTLS)            | deep nesting         | HTTP 500 | soap:Client: nesting deeper than 64 elements                                   |
        | SPOR postRegistration (mTLS)            | huge attribute value | HTTP 500 | soap:Client: attribute value longer than                                       |
        | SPOR postRegistration (mTLS)            | oversized body       | HTTP 413 | soap:Client: request body over the limit                                       |
        | SPOR postRegistration (mTLS)            | wrong content type   | HTTP 415 | soap:Client: content type 'application/json' is not XML                        |
        | SPOR postRegistration (mTLS)            | SOAP 1.2 envelope    | HTTP 500 | soap:Client: SOAP 1.2 envelope sent to a SOAP 1.1 endpoint                     |
        | SPOR postRegistration (mTLS)            | unknown operation    | HTTP 500 | soap:Client: Unexpected wrapper element {urn:konform:spor:4.1}unknownOperation |
        | SPOR postRegistration (mTLS)            | truncated upload     | HTTP 400 | soap:Client: request body truncated                                            |
        | SPOR postRegistration (utan certifikat) | malformed XML        | HTTP 500 | soap:Client: not well-formed XML                                               |
        | SPOR postRegistration (utan certifikat) | DTD                  | HTTP 500 | soap:Client: DTDs and entity declarations are not allowed                      |
        | SPOR postRegistration (utan certifikat) | internal entity      | HTTP 500 | soap:Client: DTDs and entity declarations are not allowed                      |
        | SPOR postRegistration (utan certifikat) | external entity      | HTTP 500 | soap:Client: DTDs and entity declarations are not allowed                      |
        | SPOR postRegistration (utan certifikat) | billion laughs       | HTTP 500 | soap:Client: DTDs and entity declarations are not allowed                      |
        | SPOR postRegistration (utan certifikat) | deep nesting         | HTTP 500 | soap:Client: nesting deeper than 64 elements                                   |
        | SPOR postRegistration (utan certifikat) | huge attribute value | HTTP 500 | soap:Client: attribute value longer than                                       |
        | SPOR postRegistration (utan certifikat) | oversized body       | HTTP 413 | soap:Client: request body over the limit                                       |
        | SPOR postRegistration (utan certifikat) | wrong content type   | HTTP 415 | soap:Client: content type 'application/json' is not XML                        |
        | SPOR postRegistration (utan certifikat) | SOAP 1.2 envelope    | HTTP 500 | soap:Client: SOAP 1.2 envelope sent to a SOAP 1.1 endpoint                     |
        | SPOR postRegistration (utan certifikat) | unknown operation    | HTTP 500 | soap:Client: Unexpected wrapper element {urn:konform:spor:4.1}unknownOperation |
        | SPOR postRegistration (utan certifikat) | truncated upload     | HTTP 400 | soap:Client: request body truncated                                            |

      Examples: SPOR file upload
        | endpoint         | attack               | answer   | fragment                                                                    |
        | SPOR file upload | malformed XML        | HTTP 400 | Dataöverföringen misslyckades: not well-formed XML                          |
        | SPOR file upload | DTD                  | HTTP 400 | Dataöverföringen misslyckades: DTDs and entity declarations are not allowed |
        | SPOR file upload | internal entity      | HTTP 400 | Dataöverföringen misslyckades: DTDs and entity declarations are not allowed |
        | SPOR file upload | external entity      | HTTP 400 | Dataöverföringen misslyckades: DTDs and entity declarations are not allowed |
        | SPOR file upload | billion laughs       | HTTP 400 | Dataöverföringen misslyckades: DTDs and entity declarations are not allowed |
        | SPOR file upload | deep nesting         | HTTP 400 | Dataöverföringen misslyckades: nesting deeper than 64 elements              |
        | SPOR file upload | huge attribute value | HTTP 400 | Dataöverföringen misslyckades: attribute value longer than                  |
        | SPOR file upload | oversized body       | HTTP 400 | Dataöverföringen misslyckades: request body over the limit                           |
        | SPOR file upload | wrong content type   | HTTP 400 | Dataöverföringen misslyckades: filen måste vara XML                         |
        | SPOR file upload | truncated upload     | HTTP 400 | Dataöverföringen misslyckades: request body truncated                       |

      Examples: LAR
        | endpoint                  | attack               | answer   | fragment                                                                                                   |
        | LAR Register              | malformed XML        | HTTP 500 | syntax_error: not well-formed XML                                                                          |
        | LAR Register              | DTD                  | HTTP 500 | syntax_error: DTDs and entity declarations are not allowed                                                 |
        | LAR Register              | internal entity      | HTTP 500 | syntax_error: DTDs and entity declarations are not allowed                                                 |
        | LAR Register              | external entity      | HTTP 500 | syntax_error: DTDs and entity declarations are not allowed                                                 |
        | LAR Register              | billion laughs       | HTTP 500 | syntax_error: DTDs and entity declarations are not allowed                                                 |
        | LAR Register              | deep nesting         | HTTP 500 | syntax_error: nesting deeper than 64 elements                                                              |
        | LAR Register              | huge attribute value | HTTP 500 | syntax_error: attribute value longer than                                                                  |
        | LAR Register              | oversized body       | HTTP 413 | soap:Client: request body over the limit                                                                   |
        | LAR Register              | wrong content type   | HTTP 415 | soap:Client: content type 'application/json' is not XML                                                    |
        | LAR Register              | SOAP 1.2 envelope    | HTTP 500 | syntax_error: SOAP 1.2 envelope sent to a SOAP 1.1 endpoint                                                |
        | LAR Register              | unknown operation    | HTTP 500 | processing_problem: unknown operation {http://nsp.dk/medicationallergyservice/2018/11/21/}unknownOperation |
        | LAR Register              | truncated upload     | HTTP 400 | soap:Client: request body truncated                                                                        |
        | LAR Update                | malformed XML        | HTTP 500 | syntax_error: not well-formed XML                                                                          |
        | LAR Update                | DTD                  | HTTP 500 | syntax_error: DTDs and entity declarations are not allowed                                                 |
        | LAR Update                | internal entity      | HTTP 500 | syntax_error: DTDs and entity declarations are not allowed                                                 |
        | LAR Update                | external entity      | HTTP 500 | syntax_error: DTDs and entity declarations are not allowed                                                 |
        | LAR Update                | billion laughs       | HTTP 500 | syntax_error: DTDs and entity declarations are not allowed                                                 |
        | LAR Update                | deep nesting         | HTTP 500 | syntax_error: nesting deeper than 64 elements                                                              |
        | LAR Update                | huge attribute value | HTTP 500 | syntax_error: attribute value longer than                                                                  |
        | LAR Update                | oversized body       | HTTP 413 | soap:Client: request body over the limit                                                                   |
        | LAR Update                | wrong content type   | HTTP 415 | soap:Client: content type 'application/json' is not XML                                                    |
        | LAR Update                | SOAP 1.2 envelope    | HTTP 500 | syntax_error: SOAP 1.2 envelope sent to a SOAP 1.1 endpoint                                                |
        | LAR Update                | unknown operation    | HTTP 500 | processing_problem: unknown operation {http://nsp.dk/medicationallergyservice/2018/11/21/}unknownOperation |
        | LAR Update                | truncated upload     | HTTP 400 | soap:Client: request body truncated                                                                        |
        | LAR GetPatientAllergyList | malformed XML        | HTTP 500 | syntax_error: not well-formed XML                                                                          |
        | LAR GetPatientAllergyList | DTD                  | HTTP 500 | syntax_error: DTDs and entity declarations are not allowed                                                 |
        | LAR GetPatientAllergyList | internal entity      | HTTP 500 | syntax_error: DTDs and entity declarations are not allowed                                                 |
        | LAR GetPatientAllergyList | external entity      | HTTP 500 | syntax_error: DTDs and entity declarations are not allowed                                                 |
        | LAR GetPatientAllergyList | billion laughs       | HTTP 500 | syntax_error: DTDs and entity declarations are not allowed                                                 |
        | LAR GetPatientAllergyList | deep nesting         | HTTP 500 | syntax_error: nesting deeper than 64 elements                                                              |
        | LAR GetPatientAllergyList | huge attribute value | HTTP 500 | syntax_error: attribute value longer than                                                                  |
        | LAR GetPatientAllergyList | oversized body       | HTTP 413 | soap:Client: request body over the limit                                                                   |
        | LAR GetPatientAllergyList | wrong content type   | HTTP 415 | soap:Client: content type 'application/json' is not XML                                                    |
        | LAR GetPatientAllergyList | SOAP 1.2 envelope    | HTTP 500 | syntax_error: SOAP 1.2 envelope sent to a SOAP 1.1 endpoint                                                |
        | LAR GetPatientAllergyList | unknown operation    | HTTP 500 | processing_problem: unknown operation {http://nsp.dk/medicationallergyservice/2018/11/21/}unknownOperation |
        | LAR GetPatientAllergyList | truncated upload     | HTTP 400 | soap:Client: request body truncated                                                                        |

      Examples: BRS and the notification service
        | endpoint              | attack               | answer   | fragment                                                                                              |
        | BRS treatmentRelation | malformed XML        | HTTP 500 | syntax_error: not well-formed XML                                                                     |
        | BRS treatmentRelation | DTD                  | HTTP 500 | syntax_error: DTDs and entity declarations are not allowed                                            |
        | BRS treatmentRelation | internal entity      | HTTP 500 | syntax_error: DTDs and entity declarations are not allowed                                            |
        | BRS treatmentRelation | external entity      | HTTP 500 | syntax_error: DTDs and entity declarations are not allowed                                            |
        | BRS treatmentRelation | billion laughs       | HTTP 500 | syntax_error: DTDs and entity declarations are not allowed                                            |
        | BRS treatmentRelation | deep nesting         | HTTP 500 | syntax_error: nesting deeper than 64 elements                                                         |
        | BRS treatmentRelation | huge attribute value | HTTP 500 | syntax_error: attribute value longer than                                                             |
        | BRS treatmentRelation | oversized body       | HTTP 413 | soap:Client: request body over the limit                                                              |
        | BRS treatmentRelation | wrong content type   | HTTP 415 | soap:Client: content type 'application/json' is not XML                                               |
        | BRS treatmentRelation | SOAP 1.2 envelope    | HTTP 500 | syntax_error: SOAP 1.2 envelope sent to a SOAP 1.1 endpoint                                           |
        | BRS treatmentRelation | unknown operation    | HTTP 500 | processing_problem: unexpected body element {http://nsi.dk/fmki20110601/brs}unknownOperation          |
        | BRS treatmentRelation | truncated upload     | HTTP 400 | soap:Client: request body truncated                                                                   |
        | BRS notificationQuery | malformed XML        | HTTP 500 | syntax_error: not well-formed XML                                                                     |
        | BRS notificationQuery | DTD                  | HTTP 500 | syntax_error: DTDs and entity declarations are not allowed                                            |
        | BRS notificationQuery | internal entity      | HTTP 500 | syntax_error: DTDs and entity declarations are not allowed                                            |
        | BRS notificationQuery | external entity      | HTTP 500 | syntax_error: DTDs and entity declarations are not allowed                                            |
        | BRS notificationQuery | billion laughs       | HTTP 500 | syntax_error: DTDs and entity declarations are not allowed                                            |
        | BRS notificationQuery | deep nesting         | HTTP 500 | syntax_error: nesting deeper than 64 elements                                                         |
        | BRS notificationQuery | huge attribute value | HTTP 500 | syntax_error: attribute value longer than                                                             |
        | BRS notificationQuery | oversized body       | HTTP 413 | soap:Client: request body over the limit                                                              |
        | BRS notificationQuery | wrong content type   | HTTP 415 | soap:Client: content type 'application/json' is not XML                                               |
        | BRS notificationQuery | SOAP 1.2 envelope    | HTTP 500 | syntax_error: SOAP 1.2 envelope sent to a SOAP 1.1 endpoint                                           |
        | BRS notificationQuery | unknown operation    | HTTP 500 | processing_problem: unexpected body element {http://nsi.dk/fmki20110601/notification}unknownOperation |
        | BRS notificationQuery | truncated upload     | HTTP 400 | soap:Client: request body truncated                                                                   |

      Examples: SYSVAK (MsgHead over HTTP, no SOAP)
        | endpoint      | attack               | answer   | fragment                                                                             |
        | SYSVAK mottak | malformed XML        | HTTP 400 | SYSVAK: not well-formed XML                                                          |
        | SYSVAK mottak | DTD                  | HTTP 400 | SYSVAK: DTDs and entity declarations are not allowed                                 |
        | SYSVAK mottak | internal entity      | HTTP 400 | SYSVAK: DTDs and entity declarations are not allowed                                 |
        | SYSVAK mottak | external entity      | HTTP 400 | SYSVAK: DTDs and entity declarations are not allowed                                 |
        | SYSVAK mottak | billion laughs       | HTTP 400 | SYSVAK: DTDs and entity declarations are not allowed                                 |
        | SYSVAK mottak | deep nesting         | HTTP 400 | SYSVAK: nesting deeper than 64 elements                                              |
        | SYSVAK mottak | huge attribute value | HTTP 400 | SYSVAK: attribute value longer than                                                  |
        | SYSVAK mottak | oversized body       | HTTP 413 | SYSVAK: request body over the limit                                                  |
        | SYSVAK mottak | wrong content type   | HTTP 415 | SYSVAK: content type 'application/json' is not XML                                   |
        | SYSVAK mottak | unknown operation    | HTTP 400 | SYSVAK-3.6.1-TYPE: MsgInfo/Type V='UKJENT_MELDING' is no message type sent to SYSVAK |
        | SYSVAK mottak | truncated upload     | HTTP 400 | SYSVAK: request body truncated                                                       |

    @req:SPOR-3.1-MTLS
    Scenario Outline: <endpoint> refuses <attack> at the handshake and keeps serving
      Given the endpoint "<endpoint>"
      And the attack "<attack>" on a valid message
      When the attack is sent
      Then the answer is <answer> naming "<fragment>"
      And the endpoint stored nothing from it
      And the endpoint still accepts the next valid message

      Examples: SPOR mutual TLS
        | endpoint                     | attack                       | answer         | fragment                                                   |
        | SPOR postRegistration (mTLS) | untrusted client certificate | no HTTP answer | the server ended the TLS connection without an HTTP answer |
        | SPOR file upload             | untrusted client certificate | no HTTP answer | the server ended the TLS connection without an HTTP answer |

    @req:LAR-3-DGWS
    Scenario Outline: <endpoint> refuses <attack> as an invalid DGWS request to LAR and keeps serving
      Given the endpoint "<endpoint>"
      And the attack "<attack>" on a valid message
      When the attack is sent
      Then the answer is <answer> naming "<fragment>"
      And the endpoint stored nothing from it
      And the endpoint still accepts the next valid message

      Examples: LAR under DGWS
        | endpoint                  | attack             | answer   | fragment                                                                                                     |
        | LAR Register              | signature wrapping | HTTP 500 | invalid_signature: the envelope holds 2 saml:Assertion elements (refused as possible XML signature wrapping) |
        | LAR Register              | replay             | HTTP 500 | was already used within the ID card's lifetime (replay)                                                      |
        | LAR Update                | signature wrapping | HTTP 500 | invalid_signature: the envelope holds 2 saml:Assertion elements (refused as possible XML signature wrapping) |
        | LAR Update                | replay             | HTTP 500 | was already used within the ID card's lifetime (replay)                                                      |
        | LAR GetPatientAllergyList | signature wrapping | HTTP 500 | invalid_signature: the envelope holds 2 saml:Assertion elements (refused as possible XML signature wrapping) |
        | LAR GetPatientAllergyList | replay             | HTTP 500 | was already used within the ID card's lifetime (replay)                                                      |

    @req:BRS-DGWS
    Scenario Outline: <endpoint> refuses <attack> as an invalid DGWS request to BRS and keeps serving
      Given the endpoint "<endpoint>"
      And the attack "<attack>" on a valid message
      When the attack is sent
      Then the answer is <answer> naming "<fragment>"
      And the endpoint stored nothing from it
      And the endpoint still accepts the next valid message

      Examples: BRS under DGWS
        | endpoint              | attack             | answer   | fragment                                                                                                     |
        | BRS treatmentRelation | signature wrapping | HTTP 500 | invalid_signature: the envelope holds 2 saml:Assertion elements (refused as possible XML signature wrapping) |
        | BRS treatmentRelation | replay             | HTTP 500 | was already used within the ID card's lifetime (replay)                                                      |
        | BRS notificationQuery | signature wrapping | HTTP 500 | invalid_signature: the envelope holds 2 saml:Assertion elements (refused as possible XML signature wrapping) |
        | BRS notificationQuery | replay             | HTTP 500 | was already used within the ID card's lifetime (replay)                                                      |

  Rule: konform validate gives a hostile file one line naming the problem and exit 2, never a traceback

    Scenario Outline: konform validate <registry> refuses a file with <attack> in one line
      Given a <registry> file with the attack "<attack>"
      When konform validate <registry> judges it
      Then konform validate exits 2 with one line naming "<fragment>"

      Examples:
        | registry | attack               | fragment                                                          |
        | spor     | billion laughs       | DTDs and entity declarations are not allowed                      |
        | spor     | external entity      | DTDs and entity declarations are not allowed                      |
        | spor     | deep nesting         | nesting deeper than 64 elements                                   |
        | spor     | huge attribute value | attribute value longer than                                       |
        | spor     | truncated file       | not well-formed XML                                               |
        | spor     | not XML              | not well-formed XML                                               |
        | spor     | empty                | empty                                                             |
        | spor     | binary               | not well-formed XML                                               |
        | spor     | SOAP 1.2 envelope    | SOAP 1.2                                                          |
        | lar      | billion laughs       | DTDs and entity declarations are not allowed                      |
        | lar      | external entity      | DTDs and entity declarations are not allowed                      |
        | lar      | deep nesting         | nesting deeper than 64 elements                                   |
        | lar      | huge attribute value | attribute value longer than                                       |
        | lar      | truncated file       | not well-formed XML                                               |
        | lar      | not XML              | not well-formed XML                                               |
        | lar      | empty                | empty                                                             |
        | lar      | binary               | not well-formed XML                                               |
        | lar      | SOAP 1.2 envelope    | SOAP 1.2                                                          |
        | brs      | billion laughs       | DTDs and entity declarations are not allowed                      |
        | brs      | external entity      | DTDs and entity declarations are not allowed                      |
        | brs      | deep nesting         | nesting deeper than 64 elements                                   |
        | brs      | huge attribute value | attribute value longer than                                       |
        | brs      | truncated file       | not well-formed XML                                               |
        | brs      | not XML              | not well-formed XML                                               |
        | brs      | empty                | empty                                                             |
        | brs      | binary               | not well-formed XML                                               |
        | brs      | SOAP 1.2 envelope    | root element is {http://www.w3.org/2003/05/soap-envelope}Envelope |
        | sysvak   | billion laughs       | DTDs and entity declarations are not allowed                      |
        | sysvak   | external entity      | DTDs and entity declarations are not allowed                      |
        | sysvak   | deep nesting         | nesting deeper than 64 elements                                   |
        | sysvak   | huge attribute value | attribute value longer than                                       |
        | sysvak   | truncated file       | not well-formed XML                                               |
        | sysvak   | not XML              | not well-formed XML                                               |
        | sysvak   | empty                | empty                                                             |
        | sysvak   | binary               | not UTF-8                                                         |
