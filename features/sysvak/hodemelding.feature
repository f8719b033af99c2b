Feature: Hodemelding – hver SYSVAK-melding ligger i en KITH hodemelding (MsgHead v1.2)
  "Alle SYSVAK meldingstyper gjør bruk av KITH hodemelding [...] En instans av SYSVAK
  meldingen skal inkluderes i en instans av hodemeldingen." (Dok 31 §3.6). The register
  takes its messages as ebXML on Norsk helsenett; konform's simulator takes one MsgHead per
  HTTP POST, and its schema for the SYSVAK messages is konform's design (schemas/sysvak/).

  The units are made up (HER-id 8800001 and 8800002, organisasjonsnummer 974589095) and
  every fødselsnummer is synthetic (Skatteetaten's month + 80): none belongs to a real person.

  @req:SYSVAK-3.6.1-TYPE
  Rule: MsgInfo/Type V og DN identifiserer meldingen; svaret på en HendelseRequest heter HENDELESERESPONSE
    Dok 31 spells the answer to a HendelseRequest HENDELESERESPONSE (sic); SYSVAK uses the
    code as the standard prints it, and so must the sender's system when it reads the answer.

    Scenario Outline: SYSVAK svarer på en <melding> med MsgInfo/Type "<svar>"
      Given a <melding>
      When the message is sent
      Then SYSVAK answers with MsgInfo/Type "<svar>"

      Examples:
        | melding         | svar              |
        | HendelseRequest | HENDELESERESPONSE |
        | SokRequest      | SOKRESPONSE       |
        | KodeverkRequest | KODEVERKRESPONSE  |

    @own-material
    Scenario: konform melder en melding til SYSVAK med en svartype i MsgInfo/Type
      Given a HendelseRequest
      And it is wrapped in a MsgHead with MsgInfo/Type "HENDELESERESPONSE"
      When konform judges the message
      Then konform reports an error under the rule naming "HENDELESERESPONSE"

  @req:SYSVAK-3.6.2-HEAD
  Rule: Hodemeldingen har Type, MIGversion, GenDate, MsgId, avsender og mottaker med Ident, RefDoc/MsgType "XML" og Content

    Scenario: SYSVAK avviser en hodemelding uten Receiver/Organisation/Ident
      Given a KodeverkRequest
      When the message is sent in a MsgHead without Receiver/Organisation/Ident
      Then SYSVAK refuses to take the message, naming "Receiver/Organisation/Ident"

    Scenario: SYSVAK avviser en hodemelding der RefDoc/MsgType ikke er "XML"
      Given a KodeverkRequest
      When the message is sent in a MsgHead with RefDoc/MsgType "PDF"
      Then SYSVAK refuses to take the message, naming "MsgType"

    Scenario: SYSVAKs svar har alle elementene en hodemelding skal ha
      Given a KodeverkRequest
      When the message is sent
      Then the answer's MsgHead carries every element Dok 31 §3.6.2 names

    @own-material
    Scenario Outline: konform melder en hodemelding uten <element>
      Given a HendelseRequest
      And it is wrapped in a MsgHead without <element>
      When konform judges the message
      Then konform reports an error under the rule naming "<element>"

      Examples:
        | element                     |
        | MsgId                       |
        | MIGversion                  |
        | GenDate                     |
        | Sender/Organisation/Ident   |
        | Receiver/Organisation/Ident |
        | RefDoc/MsgType              |

    @own-material
    Scenario: konform finner ingen feil i en fullstendig hodemelding
      Given a HendelseRequest
      And it is wrapped in a MsgHead
      When konform judges the message
      Then konform reports nothing

  @req:SYSVAK-3.6.4-CONVREF
  Rule: Svaret har ConversationRef der RefToParent og RefToConversation er innkommende MsgId; innkommende meldinger har ingen

    Scenario: SYSVAKs svar peker tilbake på den innkommende meldingen med begge referansene
      Given a KodeverkRequest
      When the message is sent
      Then the answer's ConversationRef names the incoming MsgId as RefToParent and RefToConversation

    @own-material
    Scenario: konform melder en melding til SYSVAK som har ConversationRef
      Given a KodeverkRequest
      And it is wrapped in a MsgHead with a ConversationRef
      When konform judges the message
      Then konform reports an error under the rule naming "ConversationRef"

  @req:SYSVAK-3.7.3-UTF8
  Rule: Alle XML-meldinger i utvekslingen med SYSVAK er UTF-8

    Scenario: SYSVAK svarer i UTF-8, også når svaret har æ, ø og å
      Given a KodeverkRequest for "bostedsomrader"
      When the message is sent
      Then the answer is UTF-8

    Scenario: SYSVAK avviser en melding i ISO-8859-1
      Given a HendelseRequest registering MMR on 2022-05-03 for a vaksinand uten ident born 2021-05-03 named "Åse Ødegård"
      When the message is sent in a MsgHead declared ISO-8859-1
      Then SYSVAK refuses to take the message, naming "UTF-8"

    @own-material
    Scenario: konform melder en hodemelding deklarert som ISO-8859-1
      Given a KodeverkRequest
      And it is wrapped in a MsgHead declared ISO-8859-1
      When konform judges the message
      Then konform reports an error under the rule naming "ISO-8859-1"

  @req:SYSVAK-3.1-SINGLE
  Rule: Kun enkeltmeldinger – én melding gir ett svar, og en hodemelding med flere Document avvises

    @sim-only
    Scenario: SYSVAK avviser en hodemelding med to Document og registrerer ingenting
      Given FolkeregisterFHI holds the child 03852150024
      And a HendelseRequest registering MMR on 2022-05-03 for 03852150024
      When the message is sent in a MsgHead with two Documents
      Then SYSVAK refuses to take the message, naming "Document"
      And a search for 03852150024 shows 0 hendelser

    Scenario: En melding som sendes to ganger med samme MsgId får det samme ene svaret
      Given a KodeverkRequest
      When the message is sent twice with the same MsgId
      Then both answers are one and the same answer

    @own-material
    Scenario: konform melder en hodemelding med to Document
      Given a HendelseRequest
      And it is wrapped in a MsgHead with two Documents
      When konform judges the message
      Then konform reports an error under the rule naming "Document"

  @req:SYSVAK-3.1-TYPES
  Rule: HendelseRequest, SokRequest og KodeverkRequest går inn, og hver besvares med sin Response

    Scenario Outline: SYSVAK besvarer en <melding> med en <svar>
      Given a <melding>
      When the message is sent
      Then the answer carries a <svar>

      Examples:
        | melding         | svar             |
        | HendelseRequest | HendelseResponse |
        | SokRequest      | SokResponse      |
        | KodeverkRequest | KodeverkResponse |

    Scenario: SYSVAK avviser en hodemelding der Content ikke er meldingen MsgInfo/Type sier
      Given a SokRequest
      When the message is sent in a MsgHead with MsgInfo/Type "KODEVERKREQUEST"
      Then SYSVAK refuses to take the message, naming "KodeverkRequest"

  @req:SYSVAK-3.5-UNIT
  Rule: Helseenheten identifiseres med ID og ID-type fra kodeverk 9051; svaret speiler den, og avsenderen kan være en annen

    Scenario: SYSVAK speiler helseenheten i meldingen, ikke avsenderen i hodemeldingen
      Given a KodeverkRequest from the health unit 974589095 of type "ENH"
      When the message is sent from the MsgHead sender 8800001 of type "HER"
      Then the answer names UtfortAvHelseenhet 974589095 of type "ENH"

    Scenario: SYSVAK avviser en melding der helseenhetens ID-type ikke er fra kodeverk 9051
      Given a KodeverkRequest from the health unit 974589095 of type "ORGNR"
      When the message is sent
      Then SYSVAK refuses the message

    @own-material
    Scenario: konform melder en helseenhet med en ID-type utenfor kodeverk 9051
      Given a SokRequest from the health unit 974589095 of type "ORGNR"
      And it is wrapped in a MsgHead
      When konform judges the message
      Then konform reports an error under the rule naming "9051"
