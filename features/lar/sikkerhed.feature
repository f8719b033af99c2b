Feature: Sikkerhed – hvert kald bærer en gyldig DGWS security- og medcom-header
  "LAR service udstiller en SOAP snitflade. SOAP snitfladen overholder DGWS. Det betyder, at
  der skal være en gyldig security og medcom header." (LAR service guide §3)

  DGWS 1.0.1 checks a request in this order and answers the first failure with a SOAP
  fault (HTTP 500) whose detail/medcom:FaultCode names it: missing_required_header,
  syntax_error, invalid_signature, invalid_idcard, expired_idcard, security_level_failed,
  not_authorized, processing_problem. Every answer's medcom:Header names the request's
  MessageID in Linking/InResponseToMessageID. (erratum: §3 says the interface exposes "to"
  – two – SOAP actions; it describes three operations.)

  Background:
    Given an allergy of patient 1601010020

  @req:LAR-3-DGWS
  Rule: En anmodning med et gyldigt ID-kort besvares, og svaret henviser til anmodningens MessageID

    Scenario: LAR besvarer en anmodning med et ID-kort fra en STS, LAR stoler på
      When the allergy is registered with a level 4 card
      Then LAR answers Success
      And the reply's medcom:Header names the request's MessageID

    Scenario: LAR henviser også i et fejlsvar til anmodningens MessageID
      When the allergy is registered with a card whose AuthenticationLevel was changed after signing
      Then LAR answers a SOAP fault with FaultCode "invalid_signature"
      And the reply's medcom:Header names the request's MessageID

  @req:LAR-3-DGWS
  Rule: DGWS-fejlmatricen – hver fejl giver sin egen FaultCode, og intet gemmes

    Scenario Outline: LAR afviser <defect> med FaultCode <code>
      When the allergy is sent to <operation> with <defect>
      Then LAR answers a SOAP fault with FaultCode "<code>"
      And the faulted request stored nothing

      Examples:
        | defect                                                  | operation             | code                    |
        | no DGWS header                                          | RegisterPatientAllergy | missing_required_header |
        | a medcom:Header without MessageID                       | RegisterPatientAllergy | syntax_error            |
        | a card whose AuthenticationLevel was changed after signing | RegisterPatientAllergy | invalid_signature    |
        | a card signed by an STS LAR does not trust              | RegisterPatientAllergy | invalid_idcard          |
        | a card that has expired by LAR's clock                  | RegisterPatientAllergy | expired_idcard          |
        | a level 3 card                                          | GetPatientAllergyList  | security_level_failed   |
        | a card for a CVR LAR has not whitelisted                | RegisterPatientAllergy | not_authorized          |

    Scenario: LAR afviser en MessageID, den allerede har set, med FaultCode processing_problem
      Neither the guide nor konform's DGWS sources say what a repeated MessageID gets: konform's reading.
      When the allergy is sent to RegisterPatientAllergy with a MessageID LAR has already seen
      Then LAR answers a SOAP fault with FaultCode "processing_problem" (konform's reading: replay)
      And the faulted request stored nothing (konform's reading: replay)

  @req:LAR-3-DGWS
  Rule: LAR læser kun det signerede ID-kort, på dets plads (XML signature wrapping)

    Scenario: LAR afviser et ID-kort uden signatur
      When the allergy is registered with a card whose ds:Signature was removed
      Then LAR answers a SOAP fault with FaultCode "invalid_signature"
      And the faulted request stored nothing

    Scenario: LAR afviser en anden, usigneret assertion foran den signerede
      When the allergy is registered with an unsigned level 4 assertion before the signed card
      Then LAR answers a SOAP fault with FaultCode "invalid_signature"
      And the faulted request stored nothing

    Scenario: LAR afviser et signeret ID-kort, der er flyttet, med en forfalskning på dets plads
      When the allergy is registered with the signed card moved and a forgery in its place
      Then LAR answers a SOAP fault with FaultCode "invalid_signature"
      And the faulted request stored nothing
